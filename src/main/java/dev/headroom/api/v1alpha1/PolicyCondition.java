package dev.headroom.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** A standard Kubernetes condition (metav1.Condition), described for kubectl explain. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PolicyCondition(
    @JsonPropertyDescription(
            "The condition's type: Ready, TargetFound, MetricsAvailable, BudgetsMet,"
                + " ScalingEffective, Conflict, InPlaceResize or ApiserverReachable.")
        String type,
    @JsonPropertyDescription("True, False or Unknown.") String status,
    @JsonPropertyDescription("The generation of the policy the condition was set for.")
        Long observedGeneration,
    @JsonPropertyDescription("When the status last changed (RFC 3339).") String lastTransitionTime,
    @JsonPropertyDescription("A CamelCase word for why, for programs and kubectl get.")
        String reason,
    @JsonPropertyDescription("Why, for people.") String message) {

  public static final String TRUE = "True";
  public static final String FALSE = "False";
  public static final String UNKNOWN = "Unknown";
}
