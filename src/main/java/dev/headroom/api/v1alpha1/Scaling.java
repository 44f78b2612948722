package dev.headroom.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/** Horizontal scaling bounds and behaviour. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "self.minReplicas <= self.maxReplicas",
    message = "minReplicas must be less than or equal to maxReplicas",
    fieldPath = ".minReplicas")
@ValidationRule(
    value =
        "!has(self.onMissingMetrics) || !has(self.onMissingMetrics.fallbackReplicas)"
            + " || (self.onMissingMetrics.fallbackReplicas >= self.minReplicas"
            + " && self.onMissingMetrics.fallbackReplicas <= self.maxReplicas)",
    message = "onMissingMetrics.fallbackReplicas must be between minReplicas and maxReplicas",
    fieldPath = ".onMissingMetrics.fallbackReplicas")
public record Scaling(
    @Default("1")
        @Min(1)
        @Max(10000)
        @JsonPropertyDescription("The fewest replicas Headroom will set. At least 1; default 1.")
        Integer minReplicas,
    @Required
        @Min(1)
        @Max(10000)
        @JsonPropertyDescription(
            "The most replicas Headroom will set, whatever the budgets say: the cost ceiling."
                + " At least minReplicas.")
        Integer maxReplicas,
    @JsonPropertyDescription(
            "How fast to scale up and down: stabilization windows, rate policies and cooldowns,"
                + " in the shape of the HorizontalPodAutoscaler's spec.behavior. Omitted fields"
                + " take the HPA's defaults.")
        ScalingBehavior behavior,
    @JsonPropertyDescription(
            "Set points for horizontal scaling that differ from the budgets' targets, for"
                + " runbooks that scale at other levels than they alert at (e.g. scale at 70 %"
                + " CPU while the budget reports above 50 %). By default Headroom aims at each"
                + " budget's target with headroom.")
        ScaleAt scaleAt,
    @JsonPropertyDescription(
            "What to do when a metric a budget needs cannot be read (Prometheus down, no data,"
                + " stale data). Default Hold: keep the current replicas. Headroom never scales"
                + " down on missing data.")
        MissingMetricsPolicy onMissingMetrics) {

  /** The minimum, with the schema's default applied. */
  public int effectiveMinReplicas() {
    return minReplicas == null ? 1 : minReplicas;
  }
}
