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

/** A budget on the share of the target's requests that fail. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "!has(self.criticalPercent) || self.criticalPercent > self.targetPercent",
    message = "criticalPercent must be greater than targetPercent",
    fieldPath = ".criticalPercent")
@ValidationRule(
    value =
        "!has(self.window) || (duration(self.window) >= duration('30s') && duration(self.window) <= duration('1h'))",
    message = "window must be between 30s and 1h",
    fieldPath = ".window")
public record ErrorRateBudget(
    @Required
        @Min(value = 0, inclusive = false)
        @Max(100)
        @JsonPropertyDescription(
            "The error rate to stay below, in percent of requests (0.1 means 0.1 %). A success"
                + " target of 99 % is an error-rate target of 1. Greater than 0, at most 100.")
        Double targetPercent,
    @Min(value = 0, inclusive = false)
        @Max(100)
        @JsonPropertyDescription(
            "Optional error rate, in percent, above which the violation is Critical; greater"
                + " than targetPercent.")
        Double criticalPercent,
    @Default("5m")
        @Size(max = 64)
        @Pattern(Formats.DURATION)
        @JsonPropertyDescription(
            "The range over which the error rate is computed, between 30s and 1h. Default 5m.")
        String window,
    @Size(min = 1, max = 64)
        @Default("5..")
        @JsonPropertyDescription(
            "A regular expression (RE2, fully anchored) matching the status values that count as"
                + " errors. Default 5.. (HTTP 5xx).")
        String errorStatuses,
    @Size(min = 1, max = 100)
        @Pattern(Formats.LABEL_NAME)
        @JsonPropertyDescription(
            "The label that carries the response status, when it differs from the preset's"
                + " (Micrometer and NginxIngress: status; Istio: response_code; Linkerd:"
                + " status_code; PrometheusHistogram: code).")
        String statusLabel,
    @JsonPropertyDescription(
            "Where to read requests from. Omit to use the metric of the first latency budget.")
        MetricSource metric) {
  public static final String DEFAULT_WINDOW = "5m";

  /** The window, with the schema's default where the apiserver did not apply it. */
  public String effectiveWindow() {
    return window == null ? DEFAULT_WINDOW : window;
  }
}
