package dev.headroom.reconciler;

import static dev.headroom.api.v1alpha1.PolicyCondition.FALSE;
import static dev.headroom.api.v1alpha1.PolicyCondition.TRUE;
import static dev.headroom.api.v1alpha1.PolicyCondition.UNKNOWN;

import dev.headroom.actuation.CanonicalQuantity;
import dev.headroom.api.v1alpha1.ActionRecord;
import dev.headroom.api.v1alpha1.BudgetState;
import dev.headroom.api.v1alpha1.BudgetStatus;
import dev.headroom.api.v1alpha1.ContainerResourcesStatus;
import dev.headroom.api.v1alpha1.DecisionStatus;
import dev.headroom.api.v1alpha1.Mode;
import dev.headroom.api.v1alpha1.PerformancePolicy;
import dev.headroom.api.v1alpha1.PerformancePolicyStatus;
import dev.headroom.api.v1alpha1.PolicyCondition;
import dev.headroom.api.v1alpha1.ResourceAmounts;
import dev.headroom.api.v1alpha1.Violation;
import dev.headroom.engine.BudgetEvaluation;
import dev.headroom.engine.ContainerResources;
import dev.headroom.engine.Decision;
import dev.headroom.engine.DecisionFlag;
import dev.headroom.engine.Engine;
import dev.headroom.engine.EngineInput;
import dev.headroom.engine.EngineState;
import dev.headroom.engine.PolicyTranslator;
import dev.headroom.engine.Severity;
import dev.headroom.engine.Units;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The engine's part of one evaluation, as a pure function: run the engine on what was read, and
 * turn its decision into status (budgets, violations, the decision and why, the engine's memory),
 * Events (violations that begin or end, actions) and the change to make — none in {@code Recommend}
 * mode or while another owner manages the target, where the decision is only reported.
 */
final class DecisionStep {
  private static final Engine ENGINE = new Engine();

  private DecisionStep() {}

  /**
   * @param actuation the change to make now: none in Recommend mode or while another owner manages
   *     the target
   * @param decision what the engine decided, made or not
   */
  record Result(
      PerformancePolicyStatus status,
      List<PolicyEvent> events,
      Optional<Actuation> actuation,
      Decision decision) {}

  static Result run(
      PerformancePolicy policy,
      List<PolicyCondition> conditions,
      TargetSnapshot target,
      MetricsReading reading,
      Optional<String> conflict,
      long generation,
      Instant now) {
    var spec = policy.getSpec();
    PerformancePolicyStatus previous =
        policy.getStatus() == null ? PerformancePolicyStatus.empty() : policy.getStatus();
    Optional<EngineState> kept = EngineStateCodec.decode(previous.engineState());
    EngineState state = kept.orElse(EngineState.initial());
    Decision decision =
        ENGINE.decide(
            new EngineInput(
                PolicyTranslator.translate(spec),
                reading.signals(),
                target.workload(),
                state,
                now));

    boolean enforce = spec.effectiveMode() == Mode.Enforce;
    Actuation actuation = changes(target, decision);
    boolean enforced = enforce && conflict.isEmpty();
    boolean apply = enforced && !actuation.isEmpty();
    List<PolicyEvent> events = new ArrayList<>();
    if (kept.isEmpty() && previous.engineState() != null && !previous.engineState().isNull()) {
      // Starting afresh costs only what was learned, but the user sees the engine forget (its
      // capacity estimate, its stabilization windows) and should know why.
      events.add(
          new PolicyEvent(
              PolicyEvent.Type.Warning,
              "EngineStateReset",
              "status.engineState did not read (written by another version of Headroom, or edited);"
                  + " the engine starts afresh: what it learned of the workload is relearned"));
    }

    conditions =
        metricsCondition(
            conditions,
            reading,
            MissingDataGrace.of(policy, target),
            decision,
            events,
            generation,
            now);
    List<Violation> violations = violations(decision);
    conditions = budgetsCondition(conditions, violations, decision, generation, now);
    conditions = conflictCondition(conditions, conflict, events, generation, now);
    conditions = scalingCondition(conditions, decision, violations, events, generation, now);
    violationEvents(
        previous.violations(),
        state.violatedSince().keySet(),
        violations,
        noData(decision),
        events);

    String reason = String.join("; ", decision.reasons());
    List<ActionRecord> history = previous.history() == null ? List.of() : previous.history();
    if (!actuation.isEmpty()) {
      String verb = apply ? "" : "Recommend ";
      List<ActionRecord> actions = actionRecords(target, actuation, reason, now);
      if (apply) {
        history = newestFirst(actions, history);
      }
      if (apply || !sameDecision(previous.lastDecision(), decision)) {
        for (ActionRecord action : actions) {
          events.add(
              new PolicyEvent(
                  PolicyEvent.Type.Normal,
                  (apply ? "" : "Recommend") + action.action(),
                  verb + action.from() + " -> " + action.to() + ": " + reason));
        }
      }
    }

    var status =
        new PerformancePolicyStatus(
            generation,
            conditions,
            now.toString(),
            target.replicas(),
            keyBudget(decision),
            budgets(decision),
            violations,
            new DecisionStatus(
                now.toString(), decision.replicas(), resources(decision), reason, enforced),
            history,
            EngineStateCodec.encode(
                apply ? decision.next() : unapplied(decision.next(), state, now)));
    return new Result(
        status, List.copyOf(events), apply ? Optional.of(actuation) : Optional.empty(), decision);
  }

  /**
   * The engine's next state for a decision that was not carried out (Recommend mode, another
   * owner): it keeps what the engine learned and recommended, but not the scale it did not make —
   * that would count against rate limits and gate learning as if the replicas had changed.
   */
  static EngineState unapplied(EngineState next, EngineState before, Instant now) {
    return new EngineState(
        next.behavior().withoutScaleEventsAt(now),
        next.capacity(),
        next.violatedSince(),
        next.pendingChecks().stream().filter(c -> !c.at().equals(now)).toList(),
        next.ineffective(),
        before.lastResourceChange(),
        next.recentRequestRates(),
        before.lastReplicaChange());
  }

  /** Only what differs from the target now. */
  static Actuation changes(TargetSnapshot target, Decision decision) {
    Optional<Integer> replicas =
        decision.replicas() == target.replicas()
            ? Optional.empty()
            : Optional.of(decision.replicas());
    Map<String, ContainerResources> resources = new LinkedHashMap<>();
    decision
        .resources()
        .forEach(
            (name, wanted) -> {
              if (!wanted.equals(target.containers().get(name))) {
                resources.put(name, wanted);
              }
            });
    return new Actuation(replicas, resources);
  }

  /**
   * {@code MetricsAvailable}: True when every metric was read; False with a Warning Event when it
   * becomes so; Unknown, reason {@code Waiting}, without an Event, while a new policy's series may
   * simply not be there yet ({@link MissingDataGrace}). Waiting changes nothing the engine does: it
   * has the same missing data and the same rule, never shrink without it.
   */
  private static List<PolicyCondition> metricsCondition(
      List<PolicyCondition> conditions,
      MetricsReading reading,
      MissingDataGrace grace,
      Decision decision,
      List<PolicyEvent> events,
      long generation,
      Instant now) {
    boolean available = reading.available() && !decision.has(DecisionFlag.METRICS_UNAVAILABLE);
    boolean waiting = !available && grace.covers(reading, now);
    String message =
        reading.message()
            + (waiting
                ? "; not yet counted as missing: Prometheus may not have a "
                    + grace.window()
                    + " window of samples before "
                    + grace.until()
                : "")
            + (decision.has(DecisionFlag.METRICS_MISSING)
                ? "; with metrics missing Headroom only scales up and never shrinks"
                : "");
    String status = available ? TRUE : waiting ? UNKNOWN : FALSE;
    if (FALSE.equals(status)
        && !Conditions.has(conditions, ConditionTypes.METRICS_AVAILABLE, FALSE)) {
      events.add(new PolicyEvent(PolicyEvent.Type.Warning, reading.reason(), message));
    }
    return Conditions.set(
        conditions,
        ConditionTypes.METRICS_AVAILABLE,
        status,
        waiting ? MissingDataGrace.REASON_WAITING : reading.reason(),
        message,
        generation,
        now);
  }

  /**
   * BudgetsMet: False with any violation; True when every budget with data is met; Unknown when no
   * budget has data (the target not scraped, pods not Ready): "met" would claim what nobody saw.
   */
  private static List<PolicyCondition> budgetsCondition(
      List<PolicyCondition> conditions,
      List<Violation> violations,
      Decision decision,
      long generation,
      Instant now) {
    Set<String> noData = noData(decision);
    if (violations.isEmpty()
        && !decision.budgets().isEmpty()
        && noData.size() == decision.budgets().size()) {
      return Conditions.set(
          conditions,
          ConditionTypes.BUDGETS_MET,
          UNKNOWN,
          ConditionTypes.REASON_NO_DATA,
          "no budget has data now: " + String.join(", ", new TreeSet<>(noData)),
          generation,
          now);
    }
    String message =
        violations.isEmpty()
            ? "every budget with data is met"
            : violations.stream()
                .map(v -> v.budget() + " " + v.observed() + " past " + v.threshold())
                .collect(Collectors.joining(", "));
    return Conditions.set(
        conditions,
        ConditionTypes.BUDGETS_MET,
        violations.isEmpty() ? TRUE : FALSE,
        violations.isEmpty() ? "BudgetsMet" : "BudgetViolated",
        message,
        generation,
        now);
  }

  /**
   * ScalingEffective False while the engine finds that replicas do not fix a budget (its scale-up
   * did not deliver, or no allowed replica count meets it), with a Warning Event when that starts.
   */
  static List<PolicyCondition> scalingCondition(
      List<PolicyCondition> conditions,
      Decision decision,
      List<Violation> violations,
      List<PolicyEvent> events,
      long generation,
      Instant now) {
    if (decision.has(DecisionFlag.SCALING_INEFFECTIVE)) {
      Set<String> budgets = new TreeSet<>(decision.next().ineffective().keySet());
      if (budgets.isEmpty()) {
        violations.forEach(v -> budgets.add(v.budget()));
      }
      String message =
          "more replicas do not bring "
              + (budgets.isEmpty() ? "the budget" : String.join(", ", budgets))
              + " within target (a slow dependency, say): replicas are not added for it, and the"
              + " violation is still reported";
      if (!Conditions.has(conditions, ConditionTypes.SCALING_EFFECTIVE, FALSE)) {
        events.add(
            new PolicyEvent(
                PolicyEvent.Type.Warning, ConditionTypes.REASON_SCALING_INEFFECTIVE, message));
      }
      return Conditions.set(
          conditions,
          ConditionTypes.SCALING_EFFECTIVE,
          FALSE,
          ConditionTypes.REASON_SCALING_INEFFECTIVE,
          message,
          generation,
          now);
    }
    return Conditions.set(
        conditions,
        ConditionTypes.SCALING_EFFECTIVE,
        TRUE,
        "ScalingEffective",
        "no budget has been found that replicas cannot fix",
        generation,
        now);
  }

  private static List<PolicyCondition> conflictCondition(
      List<PolicyCondition> conditions,
      Optional<String> conflict,
      List<PolicyEvent> events,
      long generation,
      Instant now) {
    if (conflict.isPresent()) {
      String message = conflict.get() + " also manages the target; Headroom only recommends";
      if (!Conditions.has(conditions, ConditionTypes.CONFLICT, TRUE)) {
        events.add(new PolicyEvent(PolicyEvent.Type.Warning, "Conflict", message));
      }
      return Conditions.set(
          conditions, ConditionTypes.CONFLICT, TRUE, "OtherOwner", message, generation, now);
    }
    return Conditions.set(
        conditions,
        ConditionTypes.CONFLICT,
        FALSE,
        "NoOtherOwner",
        "no HPA, VPA, ScaledObject or older policy manages the target",
        generation,
        now);
  }

  private static List<Violation> violations(Decision decision) {
    List<Violation> out = new ArrayList<>();
    for (BudgetEvaluation e : decision.budgets()) {
      if (!e.severity().violated() || e.observed().isEmpty()) {
        continue;
      }
      boolean critical = e.severity() == Severity.CRITICAL;
      var budget = e.budget();
      out.add(
          new Violation(
              budget.name(),
              Units.format(budget.kind(), e.observed().getAsDouble()),
              Units.format(budget.kind(), critical ? budget.critical() : budget.target()),
              critical
                  ? dev.headroom.api.v1alpha1.Severity.Critical
                  : dev.headroom.api.v1alpha1.Severity.Warning,
              e.violatedSince().map(Instant::toString).orElse(null)));
    }
    return out;
  }

  /**
   * An Event when a violation begins, changes severity, or ends; none while it lasts. A budget
   * without data neither begins nor ends a violation (the engine keeps its start, {@code
   * violatedBefore}): a gap in the metrics is not a recovery, nor the data's return a new
   * violation.
   *
   * @param before the violations the last evaluation reported
   * @param violatedBefore the budgets the engine counted as violated, through gaps in their data
   * @param noData the budgets without data now
   */
  private static void violationEvents(
      List<Violation> before,
      Set<String> violatedBefore,
      List<Violation> now,
      Set<String> noData,
      List<PolicyEvent> events) {
    Map<String, Violation> previous =
        (before == null ? List.<Violation>of() : before)
            .stream().collect(Collectors.toMap(Violation::budget, v -> v, (a, b) -> a));
    Set<String> current = now.stream().map(Violation::budget).collect(Collectors.toSet());
    for (Violation v : now) {
      Violation was = previous.get(v.budget());
      if (was == null ? !violatedBefore.contains(v.budget()) : was.severity() != v.severity()) {
        events.add(
            new PolicyEvent(
                PolicyEvent.Type.Warning,
                "BudgetViolated",
                v.budget()
                    + " "
                    + v.observed()
                    + " is past its "
                    + v.severity()
                    + " threshold "
                    + v.threshold()));
      }
    }
    Set<String> wasViolated = new TreeSet<>(previous.keySet());
    wasViolated.addAll(violatedBefore);
    for (String budget : wasViolated) {
      if (!current.contains(budget) && !noData.contains(budget)) {
        events.add(
            new PolicyEvent(PolicyEvent.Type.Normal, "BudgetRecovered", budget + " is met again"));
      }
    }
  }

  private static Set<String> noData(Decision decision) {
    return decision.budgets().stream()
        .filter(e -> e.severity() == Severity.NO_DATA)
        .map(e -> e.budget().name())
        .collect(Collectors.toSet());
  }

  private static List<BudgetStatus> budgets(Decision decision) {
    List<BudgetStatus> out = new ArrayList<>();
    for (BudgetEvaluation e : decision.budgets()) {
      var budget = e.budget();
      out.add(
          new BudgetStatus(
              budget.name(),
              e.observed().isPresent()
                  ? Units.format(budget.kind(), e.observed().getAsDouble())
                  : null,
              Units.format(budget.kind(), budget.target()),
              Double.isNaN(budget.critical())
                  ? null
                  : Units.format(budget.kind(), budget.critical()),
              switch (e.severity()) {
                case MET -> BudgetState.Met;
                case WARNING -> BudgetState.Warning;
                case CRITICAL -> BudgetState.Critical;
                case NO_DATA -> BudgetState.NoData;
              },
              null));
    }
    return out;
  }

  /** The first violated budget, else the first with data: what kubectl get shows. */
  private static String keyBudget(Decision decision) {
    return decision.budgets().stream()
        .filter(e -> e.observed().isPresent())
        .sorted((a, b) -> Boolean.compare(b.severity().violated(), a.severity().violated()))
        .findFirst()
        .map(
            e ->
                e.budget().name()
                    + " "
                    + Units.format(e.budget().kind(), e.observed().getAsDouble())
                    + "/"
                    + Units.format(e.budget().kind(), e.budget().target()))
        .orElse(null);
  }

  private static List<ContainerResourcesStatus> resources(Decision decision) {
    return decision.resources().entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .map(
            e ->
                new ContainerResourcesStatus(
                    e.getKey(),
                    new ResourceAmounts(
                        cpu(e.getValue().cpuRequestMillis()),
                        memory(e.getValue().memoryRequestBytes())),
                    new ResourceAmounts(
                        cpu(e.getValue().cpuLimitMillis()),
                        memory(e.getValue().memoryLimitBytes()))))
        .toList();
  }

  private static List<ActionRecord> actionRecords(
      TargetSnapshot target, Actuation actuation, String reason, Instant now) {
    List<ActionRecord> out = new ArrayList<>();
    actuation
        .replicas()
        .ifPresent(
            to ->
                out.add(
                    new ActionRecord(
                        now.toString(),
                        to > target.replicas() ? "ScaleUp" : "ScaleDown",
                        Units.replicas(target.replicas()),
                        Units.replicas(to),
                        reason)));
    actuation
        .resources()
        .forEach(
            (name, to) ->
                out.add(
                    new ActionRecord(
                        now.toString(),
                        "Resize",
                        describe(name, target.containers().get(name)),
                        describe(name, to),
                        reason)));
    return out;
  }

  private static String describe(String container, ContainerResources r) {
    if (r == null) {
      return container + ": none";
    }
    return String.format(
        "%s: cpu=%s/%s memory=%s/%s",
        container,
        orDash(cpu(r.cpuRequestMillis())),
        orDash(cpu(r.cpuLimitMillis())),
        orDash(memory(r.memoryRequestBytes())),
        orDash(memory(r.memoryLimitBytes())));
  }

  /** 0 means "not set" in the engine's values. */
  private static String cpu(long millis) {
    return millis > 0 ? CanonicalQuantity.cpu(millis) : null;
  }

  private static String memory(long bytes) {
    return bytes > 0 ? CanonicalQuantity.memory(bytes) : null;
  }

  private static String orDash(String value) {
    return value == null ? "-" : value;
  }

  private static List<ActionRecord> newestFirst(List<ActionRecord> added, List<ActionRecord> old) {
    List<ActionRecord> out = new ArrayList<>(added);
    out.addAll(old);
    return List.copyOf(out.subList(0, Math.min(out.size(), PerformancePolicyStatus.MAX_HISTORY)));
  }

  /** A recommendation is announced once, not at every evaluation that repeats it. */
  private static boolean sameDecision(DecisionStatus previous, Decision decision) {
    return previous != null
        && previous.replicas() != null
        && previous.replicas() == decision.replicas()
        && previous.resources() != null
        && previous.resources().equals(resources(decision));
  }
}
