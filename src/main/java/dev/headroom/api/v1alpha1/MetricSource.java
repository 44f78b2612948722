package dev.headroom.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Map;

/**
 * How to find a request histogram in Prometheus: a named preset, or a PromQL template for anything
 * else.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "has(self.preset) != has(self.query)",
    message = "set exactly one of preset or query")
@ValidationRule(
    value = "!has(self.query) || (!has(self.metric) && !has(self.matchLabels) && !has(self.unit))",
    message = "metric, matchLabels and unit apply to presets only; write them into the query")
@ValidationRule(
    value = "!has(self.preset) || self.preset != 'PrometheusHistogram' || has(self.metric)",
    message =
        "metric is required for the PrometheusHistogram preset (e.g. http_request_duration_seconds)")
@ValidationRule(
    value =
        "!has(self.query) || !self.query.replace('{{namespace}}', '').replace('{{target}}', '')"
            + ".replace('{{pod}}', '').replace('{{window}}', '').contains('{{')",
    message =
        "query uses an unknown placeholder; the known ones are {{namespace}}, {{target}}, {{pod}}"
            + " and {{window}}",
    fieldPath = ".query")
@ValidationRule(
    value =
        "!has(self.matchLabels) || self.matchLabels.all(k, k.matches('^[a-zA-Z_][a-zA-Z0-9_]*$') && !k.startsWith('__'))",
    message =
        "matchLabels keys must be Prometheus label names (letters, digits and _, not starting with __)",
    fieldPath = ".matchLabels")
public record MetricSource(
    @JsonPropertyDescription(
            "A well-known histogram. PrometheusHistogram: a Prometheus-client or OpenTelemetry"
                + " histogram named by metric (unit seconds). Micrometer:"
                + " http_server_requests_seconds. Istio: istio_request_duration_milliseconds."
                + " NginxIngress: nginx_ingress_controller_request_duration_seconds. Linkerd:"
                + " response_latency_ms.")
        HistogramPreset preset,
    @Size(min = 1, max = 200)
        @Pattern(Formats.METRIC_NAME)
        @JsonPropertyDescription(
            "The histogram's base name, without _bucket, _sum or _count (e.g."
                + " operation_duration_seconds). Required for PrometheusHistogram; overrides the"
                + " preset's name otherwise.")
        String metric,
    @Size(max = 16)
        @JsonPropertyDescription(
            "Extra label equality matchers that select the series, e.g. {operation: generate}."
                + " Values are matched exactly and escaped; the namespace and pod matchers for"
                + " the target are added by Headroom.")
        Map<String, @Size(max = 1024) String> matchLabels,
    @JsonPropertyDescription(
            "The unit of the histogram's observations, when it differs from the preset's"
                + " (Seconds or Milliseconds).")
        LatencyUnit unit,
    @Size(min = 1, max = 4096)
        @JsonPropertyDescription(
            "A PromQL template for metrics no preset covers. It must return one series in the"
                + " budget's unit: seconds for latency, a ratio from 0 to 1 for errorRate,"
                + " requests per second for throughput. Placeholders: {{namespace}} (the policy's namespace),"
                + " {{target}} (the target's name), {{pod}} (a regex matching the target's pods)"
                + " and {{window}} (the budget's window). Values are escaped before they are"
                + " substituted.")
        String query) {}
