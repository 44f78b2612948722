package dev.headroom.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.crd.generator.annotation.PreserveUnknownFields;
import java.util.List;

/** What Headroom saw, decided and did for one policy. Written only by the operator. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PerformancePolicyStatus(
    @JsonPropertyDescription(
            "The metadata.generation of the spec this status describes. Older than the policy's"
                + " generation means the latest change has not been evaluated yet.")
        Long observedGeneration,
    @JsonPropertyDescription(
            "Standard conditions. Ready: the policy is evaluated as asked. TargetFound: the"
                + " target exists. MetricsAvailable: every budget's metric could be read;"
                + " Unknown with reason Waiting while a new policy's series are not there yet,"
                + " for one window of its budgets after it or its target was created."
                + " BudgetsMet: no budget is violated (Unknown with reason NoData while no"
                + " budget has a value). ScalingEffective: False with reason"
                + " ScalingIneffective while a budget stays violated whatever the replica count"
                + " (a slow dependency, say), so replicas are not added for it. Conflict: another"
                + " autoscaler manages the target. InPlaceResize (with resources.updateMethod"
                + " InPlace): True when the last resize was made in place; False with reason"
                + " InPlaceUnsupported when the"
                + " cluster cannot and the pods were rolled out instead. ApiserverReachable:"
                + " True with reason EvaluationsResumed once evaluations had to wait for the"
                + " apiserver; the message says for how long.")
        List<PolicyCondition> conditions,
    @JsonPropertyDescription(
            "When the evaluation this status shows was made (RFC 3339). The status is written"
                + " when a condition, a budget's state, a violation, the decision or an action"
                + " changes, and at least every 5 minutes while nothing does; the operator's"
                + " metrics are current at every evaluation.")
        String lastEvaluationTime,
    @JsonPropertyDescription("The target's replicas when last evaluated.") Integer replicas,
    @JsonPropertyDescription(
            "The most telling budget, observed against its target, e.g. 'p95 180ms/200ms';"
                + " shown by kubectl get.")
        String keyBudget,
    @JsonPropertyDescription("Every budget's last observed value against its thresholds.")
        List<BudgetStatus> budgets,
    @JsonPropertyDescription("The budgets currently violated.") List<Violation> violations,
    @JsonPropertyDescription("The last decision: replicas and resources, and why.")
        DecisionStatus lastDecision,
    @JsonPropertyDescription("The most recent actions taken on the target, newest first.")
        List<ActionRecord> history,
    @PreserveUnknownFields
        @JsonPropertyDescription(
            "Headroom's memory between evaluations: recent recommendations and scale events (for"
                + " stabilization windows and rate limits), what it learned of the workload, and"
                + " when each violation began. Kept here so that an operator restart or a leader"
                + " change neither forgets a window nor acts twice. Written and read by the"
                + " operator only; its layout may change between versions.")
        JsonNode engineState) {

  /** The most actions kept in {@link #history()}. */
  public static final int MAX_HISTORY = 10;

  /** The same status with these conditions. */
  public PerformancePolicyStatus withConditions(List<PolicyCondition> next) {
    return new PerformancePolicyStatus(
        observedGeneration,
        next,
        lastEvaluationTime,
        replicas,
        keyBudget,
        budgets,
        violations,
        lastDecision,
        history,
        engineState);
  }

  public PerformancePolicyStatus withEngineState(JsonNode next) {
    return new PerformancePolicyStatus(
        observedGeneration,
        conditions,
        lastEvaluationTime,
        replicas,
        keyBudget,
        budgets,
        violations,
        lastDecision,
        history,
        next);
  }

  public static PerformancePolicyStatus empty() {
    return new PerformancePolicyStatus(
        null, List.of(), null, null, null, null, null, null, null, null);
  }
}
