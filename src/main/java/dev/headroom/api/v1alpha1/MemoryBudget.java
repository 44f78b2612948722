package dev.headroom.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** A budget on the memory (working set) each pod of the target uses. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "has(self.targetUtilizationPercent) || has(self.targetPeak)",
    message = "set targetUtilizationPercent, targetPeak, or both")
@ValidationRule(
    value =
        "!has(self.criticalUtilizationPercent) || (has(self.targetUtilizationPercent)"
            + " && self.criticalUtilizationPercent > self.targetUtilizationPercent)",
    message = "criticalUtilizationPercent must be greater than targetUtilizationPercent",
    fieldPath = ".criticalUtilizationPercent")
@ValidationRule(
    value =
        "!has(self.criticalPeak) || (has(self.targetPeak)"
            + " && quantity(self.criticalPeak).isGreaterThan(quantity(self.targetPeak)))",
    message = "criticalPeak must be greater than targetPeak",
    fieldPath = ".criticalPeak")
@ValidationRule(
    value =
        "!has(self.window) || (duration(self.window) >= duration('30s') && duration(self.window) <= duration('24h'))",
    message = "window must be between 30s and 24h",
    fieldPath = ".window")
public record MemoryBudget(
    @Min(1)
        @Max(1000)
        @JsonPropertyDescription(
            "The average memory use to stay below, in percent of the containers' memory"
                + " requests, across the target's ready pods (as the HPA's averageUtilization).")
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
            "The memory one pod may use at most, as a quantity (e.g. 512Mi, 2Gi), measured as"
                + " the pod's peak working set over the window.")
        String targetPeak,
    @Size(max = 64)
        @Pattern(Formats.QUANTITY)
        @JsonPropertyDescription(
            "Optional peak memory per pod above which the violation is Critical; greater than"
                + " targetPeak.")
        String criticalPeak,
    @Default("1h")
        @Size(max = 64)
        @Pattern(Formats.DURATION)
        @JsonPropertyDescription(
            "The range over which the memory peak and average are taken, between 30s and 24h."
                + " Default 1h.")
        String window) {}
