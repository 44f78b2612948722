package dev.headroom.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.time.Duration;

/** What a PerformancePolicy asks for. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        "!has(self.scaling) || !has(self.scaling.scaleAt) || !has(self.scaling.scaleAt.latency)"
            + " || self.scaling.scaleAt.latency.all(s, has(self.budgets.latency)"
            + " && self.budgets.latency.exists(b, b.name == s.budget))",
    message = "scaling.scaleAt.latency[].budget must name a latency budget in budgets.latency")
@ValidationRule(
    value =
        "!has(self.evaluationInterval) || (duration(self.evaluationInterval) >= duration('5s') && duration(self.evaluationInterval) <= duration('1h'))",
    message = "evaluationInterval must be between 5s and 1h",
    fieldPath = ".evaluationInterval")
public record PerformancePolicySpec(
    @Required
        @JsonPropertyDescription(
            "The workload whose replicas and container resources Headroom manages. It must be in"
                + " the same namespace as the policy.")
        TargetRef targetRef,
    @Default("Enforce")
        @JsonPropertyDescription(
            "What Headroom does with its decisions. Enforce: apply replicas and resources to the"
                + " target. Recommend: a dry run; decide and report in status, Events and metrics,"
                + " change nothing. Off: do not evaluate; the target is left as it is.")
        Mode mode,
    @Default(PerformancePolicySpec.DEFAULT_EVALUATION_INTERVAL)
        @Size(max = 64)
        @Pattern(Formats.DURATION)
        @JsonPropertyDescription(
            "How often the policy is evaluated, as a Go duration (e.g. 30s, 1m). Changes to the"
                + " target or the policy are evaluated at once as well. Between 5s and 1h;"
                + " default 30s.")
        String evaluationInterval,
    @Required
        @JsonPropertyDescription(
            "The performance budgets the target must stay within. At least one is required. A"
                + " budget is met while the observed value is on the right side of its target;"
                + " past the target it is a Warning violation, past its critical threshold a"
                + " Critical one.")
        Budgets budgets,
    @Required
        @JsonPropertyDescription(
            "Horizontal scaling: replica bounds, how fast to scale each way (in the shape of the"
                + " HorizontalPodAutoscaler's behavior), and what to do when metrics are missing.")
        Scaling scaling,
    @JsonPropertyDescription(
            "Per-container rightsizing of CPU and memory requests and limits. Omit to leave"
                + " container resources as they are.")
        ResourcePolicy resources,
    @JsonPropertyDescription(
            "Prices used to pick the cheapest combination of replicas and per-pod resources that"
                + " meets every budget. Omit to use the operator's defaults.")
        Cost cost,
    @JsonPropertyDescription(
            "Where this policy's metrics come from, overriding the operator's default Prometheus."
                + " Credentials come from Secrets in the policy's namespace, never inline.")
        PrometheusEndpoint prometheus) {

  public static final String DEFAULT_EVALUATION_INTERVAL = "30s";

  /** The mode, with the schema's default applied for objects that never went through the API. */
  public Mode effectiveMode() {
    return mode == null ? Mode.Enforce : mode;
  }

  /** The evaluation interval, with the schema's default applied. */
  public Duration effectiveEvaluationInterval() {
    return GoDuration.parse(
        evaluationInterval == null ? DEFAULT_EVALUATION_INTERVAL : evaluationInterval);
  }
}
