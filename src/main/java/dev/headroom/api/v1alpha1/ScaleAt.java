package dev.headroom.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** Set points for horizontal scaling that differ from the budgets' targets. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        "!has(self.latency) || self.latency.all(a, self.latency.exists_one(b, b.budget == a.budget))",
    message = "each latency budget may have one set point",
    fieldPath = ".latency")
public record ScaleAt(
    @Min(1)
        @Max(1000)
        @JsonPropertyDescription(
            "Scale to keep average CPU use at this percentage of the CPU requests (e.g. 70).")
        Integer cpuUtilizationPercent,
    @Min(1)
        @Max(1000)
        @JsonPropertyDescription(
            "Scale to keep average memory use at this percentage of the memory requests (e.g."
                + " 80).")
        Integer memoryUtilizationPercent,
    @Size(min = 1, max = 8)
        @JsonPropertyDescription(
            "Scale to keep a latency budget's statistic at this value instead of its target.")
        List<LatencySetPoint> latency) {}
