package dev.headroom.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** A budget on the CPU each pod of the target uses. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "has(self.targetUtilizationPercent) || has(self.targetCores)",
    message = "set targetUtilizationPercent, targetCores, or both")
@ValidationRule(
    value =
        "!has(self.criticalUtilizationPercent) || (has(self.targetUtilizationPercent)"
            + " && self.criticalUtilizationPercent > self.targetUtilizationPercent)",
    message = "criticalUtilizationPercent must be greater than targetUtilizationPercent",
    fieldPath = ".criticalUtilizationPercent")
@ValidationRule(
    value =
        "!has(self.criticalCores) || (has(self.targetCores)"
            + " && quantity(self.criticalCores).isGreaterThan(quantity(self.targetCores)))",
    message = "criticalCores must be greater than targetCores",
    fieldPath = ".criticalCores")
@ValidationRule(
    value =
        "!has(self.window) || (duration(self.window) >= duration('30s') && duration(self.window) <= duration('1h'))",
    message = "window must be between 30s and 1h",
    fieldPath = ".window")
public record CpuBudget(
    @Min(1)
        @Max(1000)
        @JsonPropertyDescription(
            "The average CPU use to stay below, in percent of the containers' CPU requests,"
                + " across the target's ready pods (as the HPA's averageUtilization).")
        Integer targetUtilizationPercent,
    @Min(1)
        @Max(1000)
        @JsonPropertyDescription(
            "Optional utilisation, in percent, above which the violation is Critical; greater"
                + " than targetUtilizationPercent.")
        Integer criticalUtilizationPercent,
    @Size(max = 64)
        @Pattern(Formats.QUANTITY)
        @JsonPropertyDescription(
            "The CPU one pod may use at most, as a quantity of cores (e.g. 2, 1500m), measured"
                + " as the pod's highest usage rate over the window.")
        String targetCores,
    @Size(max = 64)
        @Pattern(Formats.QUANTITY)
        @JsonPropertyDescription(
            "Optional CPU per pod above which the violation is Critical; greater than"
                + " targetCores.")
        String criticalCores,
    @Default("5m")
        @Size(max = 64)
        @Pattern(Formats.DURATION)
        @JsonPropertyDescription(
            "The range over which CPU use is averaged, between 30s and 1h. Default 5m.")
        String window) {}
