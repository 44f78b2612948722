package dev.headroom.reconciler;

import dev.headroom.api.v1alpha1.PerformancePolicyStatus;
import dev.headroom.api.v1alpha1.PolicyCondition;
import dev.headroom.engine.BudgetEvaluation;
import dev.headroom.engine.Decision;
import dev.headroom.engine.DecisionFlag;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The operator's own metrics about reconciliation, decisions, the changes made to targets, and each
 * policy's budgets and replicas. Labels are bounded: outcomes and actions are fixed sets; the
 * per-policy series carry the policy's namespace and name and a budget name from its spec, and are
 * removed when the policy is deleted ({@link #forget}).
 */
public class ReconcileMetrics {
  static final String EVALUATED = "evaluated";
  static final String TARGET_NOT_FOUND = "target_not_found";
  static final String ERROR = "error";

  static final String SCALE_UP = "scale_up";
  static final String SCALE_DOWN = "scale_down";
  static final String RESIZE = "resize";
  static final String HOLD = "hold";
  static final String BLOCKED = "blocked";

  private final Counter reconciliations;
  private final Histogram duration;
  private final Histogram lag;
  private final Counter decisions;
  private final Counter apiserverFailures;
  private final Histogram apiserverWaits;
  private final Counter actions;
  private final Gauge observed;
  private final Gauge target;
  private final Gauge critical;
  private final Gauge violation;
  private final Gauge replicas;
  private final Gauge metricsAvailable;

  /** The budget names each policy has series for, to remove those that go away. */
  private final Map<PolicyKey, Set<String>> budgetsByPolicy = new ConcurrentHashMap<>();

  private record PolicyKey(String namespace, String name) {}

  public ReconcileMetrics(PrometheusRegistry registry) {
    reconciliations =
        Counter.builder()
            .name("headroom_reconciliations_total")
            .help(
                "Policy reconciliations, by outcome: evaluated, target_not_found, or error (the"
                    + " reconciliation or its status write threw, other than for the apiserver"
                    + " being away: headroom_apiserver_failures_total).")
            .labelNames("outcome")
            .register(registry);
    duration =
        Histogram.builder()
            .name("headroom_reconcile_duration_seconds")
            .help("Time to reconcile one policy, its status write included.")
            .register(registry);
    lag =
        Histogram.builder()
            .name("headroom_evaluation_lag_seconds")
            .help(
                "Time from when a policy's scheduled evaluation fell due to when it was done (its"
                    + " metrics read, decided, acted on); evaluations triggered by an event are"
                    + " not counted.")
            .classicUpperBounds(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60)
            .register(registry);
    apiserverFailures =
        Counter.builder()
            .name("headroom_apiserver_failures_total")
            .help(
                "Evaluations whose requests to the apiserver failed for a reason that passes, by"
                    + " reason: ApiserverUnreachable, ApiserverTimeout, ApiserverError (5xx),"
                    + " ApiserverThrottled (429) or ResourceVersionExpired (410). Evaluations then"
                    + " wait until the apiserver answers; nothing is decided meanwhile.")
            .labelNames("reason")
            .register(registry);
    apiserverWaits =
        Histogram.builder()
            .name("headroom_apiserver_wait_seconds")
            .help(
                "How long evaluations waited for the apiserver, per stretch, observed when it"
                    + " answered again.")
            .classicUpperBounds(1, 5, 15, 30, 60, 120, 300, 600, 1800)
            .register(registry);
    decisions =
        Counter.builder()
            .name("headroom_decisions_total")
            .help(
                "Evaluations of policies not in mode Off, by what was decided: scale_up,"
                    + " scale_down, resize, hold (nothing to change) or blocked (target missing,"
                    + " no metrics at all, or another owner of the target).")
            .labelNames("outcome")
            .register(registry);
    actions =
        Counter.builder()
            .name("headroom_actions_total")
            .help(
                "Changes to targets, by action (scale, resize_in_place, resize_rollout) and result"
                    + " (applied, failed, or dry_run: decided in Recommend mode).")
            .labelNames("action", "result")
            .register(registry);
    observed =
        Gauge.builder()
            .name("headroom_policy_budget_observed")
            .help(
                "A budget's last observed value, in base units: seconds (latency/*), a ratio 0..1"
                    + " (errorRate, cpu/utilization, memory/utilization), requests per second"
                    + " (throughput/min in total, throughput/perReplica per ready replica), cores"
                    + " (cpu/cores), bytes (memory/peak). No series while there is no data.")
            .labelNames("namespace", "policy", "budget")
            .register(registry);
    target =
        Gauge.builder()
            .name("headroom_policy_budget_target")
            .help("A budget's target, in the units of headroom_policy_budget_observed.")
            .labelNames("namespace", "policy", "budget")
            .register(registry);
    critical =
        Gauge.builder()
            .name("headroom_policy_budget_critical")
            .help(
                "A budget's critical threshold, in the units of headroom_policy_budget_observed;"
                    + " no series when the budget has none.")
            .labelNames("namespace", "policy", "budget")
            .register(registry);
    violation =
        Gauge.builder()
            .name("headroom_policy_budget_violation")
            .help(
                "Where a budget stands: 0 met (or no data: see headroom_policy_metrics_available),"
                    + " 1 warning (past the target), 2 critical (past the critical threshold).")
            .labelNames("namespace", "policy", "budget")
            .register(registry);
    replicas =
        Gauge.builder()
            .name("headroom_policy_replicas")
            .help(
                "The target's replicas: current (its spec at the evaluation) and desired (the"
                    + " engine's decision, made or only recommended).")
            .labelNames("namespace", "policy", "state")
            .register(registry);
    metricsAvailable =
        Gauge.builder()
            .name("headroom_policy_metrics_available")
            .help("1 when the policy's MetricsAvailable condition is True, else 0.")
            .labelNames("namespace", "policy")
            .register(registry);
  }

  /** An evaluation's request to the apiserver failed for a reason that passes. */
  void apiserverFailed(ApiFailure.Kind kind) {
    apiserverFailures.labelValues(kind.reason()).inc();
  }

  /** The apiserver answers again after evaluations waited this long for it. */
  void apiserverBack(Duration waited) {
    apiserverWaits.observe(Math.max(0, waited.toNanos()) / 1e9);
  }

  void reconciled(String outcome, long startedNanos) {
    reconciliations.labelValues(outcome).inc();
    timed(startedNanos);
  }

  /** A scheduled evaluation was done this long after it fell due. */
  void lagged(Duration late) {
    lag.observe(Math.max(0, late.toNanos()) / 1e9);
  }

  /** A reconciliation that threw, in the SDK's error path (its duration was observed, if known). */
  void failed() {
    reconciliations.labelValues(ERROR).inc();
  }

  void timed(long startedNanos) {
    duration.observe(Unit.nanosToSeconds(System.nanoTime() - startedNanos));
  }

  void decided(String outcome) {
    decisions.labelValues(outcome).inc();
  }

  void acted(List<ActionResult> results) {
    results.forEach(r -> actions.labelValues(r.action(), r.result()).inc());
  }

  /**
   * Sets a policy's series after an evaluation. Without a decision (target missing, metrics not
   * read, mode Off) the policy has no budget series and no desired replicas: values that are not
   * known now are not shown as if they were.
   *
   * @param currentReplicas the target's replicas, empty when it was not found
   */
  void evaluated(
      String namespace,
      String policy,
      Optional<Integer> currentReplicas,
      Optional<Decision> decision,
      PerformancePolicyStatus status) {
    PolicyKey key = new PolicyKey(namespace, policy);
    List<BudgetEvaluation> budgets = decision.map(Decision::budgets).orElse(List.of());
    Set<String> names =
        budgets.stream().map(e -> e.budget().name()).collect(Collectors.toUnmodifiableSet());
    Set<String> before = budgetsByPolicy.getOrDefault(key, Set.of());
    before.stream().filter(b -> !names.contains(b)).forEach(b -> removeBudget(key, b));
    for (BudgetEvaluation e : budgets) {
      String[] labels = {namespace, policy, e.budget().name()};
      target.labelValues(labels).set(e.budget().target());
      if (Double.isNaN(e.budget().critical())) {
        critical.remove(labels);
      } else {
        critical.labelValues(labels).set(e.budget().critical());
      }
      if (e.observed().isPresent()) {
        observed.labelValues(labels).set(e.observed().getAsDouble());
      } else {
        observed.remove(labels);
      }
      violation.labelValues(labels).set(violationLevel(e));
    }
    if (names.isEmpty()) {
      budgetsByPolicy.remove(key);
    } else {
      budgetsByPolicy.put(key, names);
    }

    if (currentReplicas.isPresent()) {
      replicas.labelValues(namespace, policy, "current").set(currentReplicas.get());
    } else {
      replicas.remove(namespace, policy, "current");
    }
    if (decision.isPresent()) {
      replicas.labelValues(namespace, policy, "desired").set(decision.get().replicas());
    } else {
      replicas.remove(namespace, policy, "desired");
    }
    metricsAvailable.labelValues(namespace, policy).set(metricsConditionTrue(status) ? 1 : 0);
  }

  /** Removes every series of a deleted policy. */
  void forget(String namespace, String policy) {
    PolicyKey key = new PolicyKey(namespace, policy);
    Set<String> budgets = budgetsByPolicy.remove(key);
    if (budgets != null) {
      budgets.forEach(b -> removeBudget(key, b));
    }
    replicas.remove(namespace, policy, "current");
    replicas.remove(namespace, policy, "desired");
    metricsAvailable.remove(namespace, policy);
  }

  private void removeBudget(PolicyKey key, String budget) {
    for (Gauge gauge : List.of(observed, target, critical, violation)) {
      gauge.remove(key.namespace(), key.name(), budget);
    }
  }

  private static int violationLevel(BudgetEvaluation e) {
    return switch (e.severity()) {
      case WARNING -> 1;
      case CRITICAL -> 2;
      case MET, NO_DATA -> 0;
    };
  }

  private static boolean metricsConditionTrue(PerformancePolicyStatus status) {
    return status != null
        && Conditions.has(
            status.conditions(), ConditionTypes.METRICS_AVAILABLE, PolicyCondition.TRUE);
  }

  /**
   * What an evaluation of a policy not in mode Off decided, as {@code headroom_decisions_total}
   * counts it. A decision that changes replicas and resources counts as its scale; {@code
   * headroom_actions_total} has both.
   *
   * @param decision the engine's decision, empty when it did not run (target missing, no reading)
   * @param change what differs between the decision and the target now
   * @param currentReplicas the target's replicas now
   * @param conflict whether another owner manages the target, so nothing is changed
   */
  static String decisionOutcome(
      Optional<Decision> decision, Actuation change, int currentReplicas, boolean conflict) {
    if (decision.isEmpty() || conflict) {
      return BLOCKED;
    }
    if (change.replicas().isPresent()) {
      return change.replicas().get() > currentReplicas ? SCALE_UP : SCALE_DOWN;
    }
    if (!change.resources().isEmpty()) {
      return RESIZE;
    }
    return decision.get().has(DecisionFlag.METRICS_UNAVAILABLE) ? BLOCKED : HOLD;
  }

  /** The count for one reconciliation outcome, for tests and the health page. */
  public long count(String outcome) {
    return (long) reconciliations.labelValues(outcome).get();
  }
}
