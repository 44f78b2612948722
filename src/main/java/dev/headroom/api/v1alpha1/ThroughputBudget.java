package dev.headroom.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** A budget on the requests per second the target serves. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "has(self.minRequestsPerSecond) || has(self.requestsPerSecondPerReplica)",
    message = "set minRequestsPerSecond, requestsPerSecondPerReplica, or both")
@ValidationRule(
    value =
        "!has(self.criticalMinRequestsPerSecond) || (has(self.minRequestsPerSecond)"
            + " && self.criticalMinRequestsPerSecond < self.minRequestsPerSecond)",
    message = "criticalMinRequestsPerSecond must be less than minRequestsPerSecond",
    fieldPath = ".criticalMinRequestsPerSecond")
@ValidationRule(
    value =
        "!has(self.window) || (duration(self.window) >= duration('30s') && duration(self.window) <= duration('1h'))",
    message = "window must be between 30s and 1h",
    fieldPath = ".window")
public record ThroughputBudget(
    @Min(value = 0, inclusive = false)
        @JsonPropertyDescription(
            "The total requests per second the service must serve at least (e.g. 1000). Below"
                + " it the budget is in Warning violation.")
        Double minRequestsPerSecond,
    @Min(value = 0, inclusive = false)
        @JsonPropertyDescription(
            "Optional total requests per second below which the violation is Critical; less"
                + " than minRequestsPerSecond.")
        Double criticalMinRequestsPerSecond,
    @Min(value = 0, inclusive = false)
        @JsonPropertyDescription(
            "The load one replica is sized for, in requests per second. Headroom keeps the load"
                + " per ready replica at or below it, as the HPA does for an AverageValue target.")
        Double requestsPerSecondPerReplica,
    @Default("5m")
        @Size(max = 64)
        @Pattern(Formats.DURATION)
        @JsonPropertyDescription(
            "The range over which the request rate is computed, between 30s and 1h. Default"
                + " 5m.")
        String window,
    @JsonPropertyDescription(
            "Where to read requests from. Omit to use the metric of the first latency budget.")
        MetricSource metric) {}
