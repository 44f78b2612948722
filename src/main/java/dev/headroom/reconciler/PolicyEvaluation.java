package dev.headroom.reconciler;

import static dev.headroom.api.v1alpha1.PolicyCondition.FALSE;
import static dev.headroom.api.v1alpha1.PolicyCondition.TRUE;
import static dev.headroom.api.v1alpha1.PolicyCondition.UNKNOWN;
import static dev.headroom.reconciler.ConditionTypes.BUDGETS_MET;
import static dev.headroom.reconciler.ConditionTypes.METRICS_AVAILABLE;
import static dev.headroom.reconciler.ConditionTypes.READY;
import static dev.headroom.reconciler.ConditionTypes.REASON_INVALID_SPEC;
import static dev.headroom.reconciler.ConditionTypes.REASON_METRICS_NOT_READ;
import static dev.headroom.reconciler.ConditionTypes.REASON_MODE_OFF;
import static dev.headroom.reconciler.ConditionTypes.REASON_TARGET_FOUND;
import static dev.headroom.reconciler.ConditionTypes.REASON_TARGET_NOT_FOUND;
import static dev.headroom.reconciler.ConditionTypes.TARGET_FOUND;

import dev.headroom.actuation.WorkloadLookup;
import dev.headroom.api.v1alpha1.Mode;
import dev.headroom.api.v1alpha1.PerformancePolicy;
import dev.headroom.api.v1alpha1.PerformancePolicyStatus;
import dev.headroom.api.v1alpha1.PolicyCondition;
import dev.headroom.engine.Decision;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One evaluation of a policy, as a pure function of what was read: the status to report and the
 * Events to record. It does not read metrics yet, and says so in {@code MetricsAvailable} rather
 * than pretending.
 */
public final class PolicyEvaluation {
  static final String METRICS_NOT_READ_MESSAGE =
      "This version of Headroom does not read metrics yet; budgets are not evaluated.";

  private PolicyEvaluation() {}

  /**
   * The outcome of one evaluation, and the change to make to the target, if any.
   *
   * @param decision the engine's decision, when it ran (target found, metrics read, mode not Off)
   */
  public record Outcome(
      PerformancePolicyStatus status,
      List<PolicyEvent> events,
      Optional<Actuation> actuation,
      Optional<Decision> decision) {
    Outcome(PerformancePolicyStatus status, List<PolicyEvent> events) {
      this(status, events, Optional.empty(), Optional.empty());
    }
  }

  /** An evaluation without metrics: the target is looked for, budgets are not judged. */
  public static Outcome evaluate(
      PerformancePolicy policy, Optional<TargetSnapshot> target, Instant now) {
    return evaluate(policy, target, Optional.empty(), Optional.empty(), now);
  }

  /**
   * One evaluation. With a reading and the target found (and mode not Off), the engine decides: see
   * {@link DecisionStep}; the outcome then carries the change to make, if any.
   *
   * @param reading the metrics read for this policy, empty when they were not read
   * @param conflict another owner of the target, in words, if there is one
   */
  public static Outcome evaluate(
      PerformancePolicy policy,
      Optional<TargetSnapshot> target,
      Optional<MetricsReading> reading,
      Optional<String> conflict,
      Instant now) {
    return evaluate(policy, target, Optional.empty(), reading, conflict, now);
  }

  /**
   * One evaluation, where the target's absence may have a reason of its own.
   *
   * @param absent why there is no target, when {@code target} is empty and the lookup could tell
   *     more than "not found" (the kind is not served, or has no scale subresource)
   */
  public static Outcome evaluate(
      PerformancePolicy policy,
      Optional<TargetSnapshot> target,
      Optional<WorkloadLookup.Absent> absent,
      Optional<MetricsReading> reading,
      Optional<String> conflict,
      Instant now) {
    long generation = generationOf(policy);
    if (policy.getSpec() == null || policy.getSpec().targetRef() == null) {
      return invalidSpec(policy, generation, now);
    }
    PerformancePolicyStatus previous =
        policy.getStatus() == null ? PerformancePolicyStatus.empty() : policy.getStatus();
    List<PolicyCondition> conditions = previous.conditions();
    List<PolicyEvent> events = new ArrayList<>();
    String targetName = describeTarget(policy);

    if (target.isPresent()) {
      conditions =
          Conditions.set(
              conditions,
              TARGET_FOUND,
              TRUE,
              REASON_TARGET_FOUND,
              target.get().describe() + " found",
              generation,
              now);
    } else {
      String reason = absent.map(WorkloadLookup.Absent::reason).orElse(REASON_TARGET_NOT_FOUND);
      String message =
          absent
              .map(WorkloadLookup.Absent::message)
              .orElse(targetName + " not found; nothing is changed until it exists");
      PolicyCondition was = Conditions.find(conditions, TARGET_FOUND);
      if (was == null || !FALSE.equals(was.status()) || !reason.equals(was.reason())) {
        events.add(new PolicyEvent(PolicyEvent.Type.Warning, reason, message));
      }
      conditions =
          Conditions.set(conditions, TARGET_FOUND, FALSE, reason, message, generation, now);
    }

    if (target.isPresent() && reading.isPresent() && policy.getSpec().effectiveMode() != Mode.Off) {
      conditions = setReady(conditions, policy, target, absent, targetName, generation, now, true);
      var step =
          DecisionStep.run(
              policy, conditions, target.get(), reading.get(), conflict, generation, now);
      events.addAll(step.events());
      return new Outcome(
          step.status(), List.copyOf(events), step.actuation(), Optional.of(step.decision()));
    }

    conditions =
        Conditions.set(
            conditions,
            METRICS_AVAILABLE,
            UNKNOWN,
            REASON_METRICS_NOT_READ,
            METRICS_NOT_READ_MESSAGE,
            generation,
            now);
    conditions =
        Conditions.set(
            conditions,
            BUDGETS_MET,
            UNKNOWN,
            REASON_METRICS_NOT_READ,
            METRICS_NOT_READ_MESSAGE,
            generation,
            now);
    conditions = setReady(conditions, policy, target, absent, targetName, generation, now, false);

    PerformancePolicyStatus status =
        new PerformancePolicyStatus(
            generation,
            conditions,
            previous.lastEvaluationTime(),
            target.map(TargetSnapshot::replicas).orElse(null),
            previous.keyBudget(),
            previous.budgets(),
            previous.violations(),
            previous.lastDecision(),
            previous.history(),
            previous.engineState());
    return new Outcome(status, List.copyOf(events));
  }

  private static List<PolicyCondition> setReady(
      List<PolicyCondition> conditions,
      PerformancePolicy policy,
      Optional<TargetSnapshot> target,
      Optional<WorkloadLookup.Absent> absent,
      String targetName,
      long generation,
      Instant now,
      boolean metricsRead) {
    if (policy.getSpec().effectiveMode() == Mode.Off) {
      return Conditions.set(
          conditions,
          READY,
          TRUE,
          REASON_MODE_OFF,
          "mode is Off: the policy is not evaluated and the target is left as it is",
          generation,
          now);
    }
    if (target.isEmpty()) {
      return Conditions.set(
          conditions,
          READY,
          FALSE,
          absent.map(WorkloadLookup.Absent::reason).orElse(REASON_TARGET_NOT_FOUND),
          absent.map(WorkloadLookup.Absent::message).orElse(targetName + " not found"),
          generation,
          now);
    }
    return Conditions.set(
        conditions,
        READY,
        TRUE,
        REASON_TARGET_FOUND,
        target.get().describe()
            + " found; "
            + (metricsRead
                ? "evaluated in mode " + policy.getSpec().effectiveMode()
                : METRICS_NOT_READ_MESSAGE),
        generation,
        now);
  }

  /** A policy stored without validation (no spec, no target): say so, touch nothing. */
  private static Outcome invalidSpec(PerformancePolicy policy, long generation, Instant now) {
    PerformancePolicyStatus previous =
        policy.getStatus() == null ? PerformancePolicyStatus.empty() : policy.getStatus();
    String message = "spec.targetRef is missing; install the CRD from crds/ to validate policies";
    List<PolicyEvent> events =
        Conditions.has(previous.conditions(), READY, FALSE)
                && REASON_INVALID_SPEC.equals(
                    Conditions.find(previous.conditions(), READY).reason())
            ? List.of()
            : List.of(new PolicyEvent(PolicyEvent.Type.Warning, REASON_INVALID_SPEC, message));
    var conditions =
        Conditions.set(
            previous.conditions(), READY, FALSE, REASON_INVALID_SPEC, message, generation, now);
    return new Outcome(
        new PerformancePolicyStatus(
            generation,
            conditions,
            previous.lastEvaluationTime(),
            previous.replicas(),
            previous.keyBudget(),
            previous.budgets(),
            previous.violations(),
            previous.lastDecision(),
            previous.history(),
            previous.engineState()),
        events);
  }

  static String describeTarget(PerformancePolicy policy) {
    var ref = policy.getSpec().targetRef();
    return ref.effectiveKind() + " " + policy.getMetadata().getNamespace() + "/" + ref.name();
  }

  private static long generationOf(PerformancePolicy policy) {
    Long generation = policy.getMetadata().getGeneration();
    return generation == null ? 0L : generation;
  }
}
