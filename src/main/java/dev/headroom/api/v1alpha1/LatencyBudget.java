package dev.headroom.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** A budget on one statistic of the target's request latency. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "self.statistic != 'Percentile' || has(self.percentile)",
    message = "percentile is required when statistic is Percentile (e.g. 0.95 for p95)")
@ValidationRule(
    value = "self.statistic != 'Average' || !has(self.percentile)",
    message = "percentile must not be set when statistic is Average")
@ValidationRule(
    value = "!has(self.critical) || duration(self.critical) > duration(self.target)",
    message = "critical must be greater than target",
    fieldPath = ".critical")
@ValidationRule(
    value = "duration(self.target) > duration('0s')",
    message = "target must be greater than 0",
    fieldPath = ".target")
@ValidationRule(
    value =
        "!has(self.window) || (duration(self.window) >= duration('30s') && duration(self.window) <= duration('1h'))",
    message = "window must be between 30s and 1h",
    fieldPath = ".window")
public record LatencyBudget(
    @Required
        @Size(min = 1, max = 63)
        @Pattern(Formats.DNS_LABEL)
        @JsonPropertyDescription(
            "A short name for this budget, unique in the policy, used in status, Events and"
                + " metrics (e.g. p95, average).")
        String name,
    @Default("Percentile")
        @JsonPropertyDescription(
            "Percentile: a quantile of the latency distribution, given by percentile. Average:"
                + " the mean latency. Default Percentile.")
        LatencyStatistic statistic,
    @Min(value = 0, inclusive = false)
        @Max(value = 1, inclusive = false)
        @JsonPropertyDescription(
            "The quantile, as a fraction strictly between 0 and 1: 0.5 for p50, 0.95 for p95,"
                + " 0.99 for p99. Required when statistic is Percentile.")
        Double percentile,
    @Required
        @Size(max = 64)
        @Pattern(Formats.DURATION)
        @JsonPropertyDescription(
            "The latency to stay below, as a Go duration (e.g. 200ms, 2s). Above it the budget is"
                + " in Warning violation, and Headroom aims to bring it back below.")
        String target,
    @Size(max = 64)
        @Pattern(Formats.DURATION)
        @JsonPropertyDescription(
            "Optional latency above which the violation is Critical; greater than target.")
        String critical,
    @Default("5m")
        @Size(max = 64)
        @Pattern(Formats.DURATION)
        @JsonPropertyDescription(
            "The range over which latency is computed (the PromQL rate window), between 30s and"
                + " 1h. Default 5m.")
        String window,
    @Required @JsonPropertyDescription("Where to read the latency histogram from.")
        MetricSource metric) {
  public static final String DEFAULT_WINDOW = "5m";

  /** The window, with the schema's default where the apiserver did not apply it. */
  public String effectiveWindow() {
    return window == null ? DEFAULT_WINDOW : window;
  }
}
