package dev.headroom.engine;

import dev.headroom.engine.behavior.BehaviorNormalizer;
import dev.headroom.engine.behavior.BehaviorState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * The decision engine: a pure function from {@link EngineInput} to {@link Decision}. It knows
 * nothing of Kubernetes, HTTP or clocks, so the operator and the simulator run it unchanged.
 *
 * <p>One decision covers both directions of sizing: per-pod resources first (an OOM kill or heavy
 * throttling is fixed in the pod, not by adding pods), then the replica count for the pods that
 * will exist, so the two never fight.
 */
public final class Engine {
  /** Past this share of failed requests, observations say more about failures than capacity. */
  static final double MAX_ERRORS_FOR_LEARNING = 0.05;

  /** A relative change in load or latency that ends a finding of ineffective scaling. */
  static final double MOVED = 0.3;

  /** Below this utilisation a violated latency budget is no evidence about load. */
  static final double OVERLOAD_EVIDENCE_UTILIZATION = 0.15;

  private final EngineConfig config;

  public Engine(EngineConfig config) {
    this.config = config;
  }

  public Engine() {
    this(EngineConfig.DEFAULT);
  }

  public Decision decide(EngineInput input) {
    List<String> reasons = new ArrayList<>();
    Set<DecisionFlag> flags = EnumSet.noneOf(DecisionFlag.class);
    WorkloadState workload = input.workload();
    EnginePolicy policy = input.policy();

    var evaluated = BudgetEvaluator.evaluate(input, config);
    Optional<Sample> requestRate =
        input.signals().requestRate().filter(s -> s.freshAt(input.now(), config.staleAfter()));
    Optional<LoadTrend> trend =
        requestRate.map(
            s -> LoadTrend.of(s, input.state().recentRequestRates(), policy.signalWindow()));
    CapacityEstimate capacity =
        forgetRecovered(
            learn(input, evaluated.evaluations(), trend), input, evaluated.evaluations());
    boolean latencyViolated =
        evaluated.evaluations().stream()
            .anyMatch(e -> e.budget().kind().isLatency() && e.severity().violated());

    // Resources first: what one pod can do decides how many pods are needed.
    var vertical = VerticalRecommender.recommend(input, config, latencyViolated);
    reasons.addAll(vertical.reasons());
    if (vertical.changed()) {
      flags.add(DecisionFlag.RESOURCES_CHANGED);
    }
    Map<String, ContainerResources> resources = vertical.resources();
    double coresPerPod = workload.usableCoresPerPod();
    Optional<PodSizer.Choice> resized =
        vertical.changed() || !readyToResize(input, trend, evaluated.evaluations())
            ? Optional.empty()
            : PodSizer.choose(input, config, capacity, resources, trend.get().projected());
    if (resized.isPresent()) {
      resources = resized.get().resources();
      coresPerPod = resized.get().coresPerPod();
      reasons.add(resized.get().reason());
      flags.add(DecisionFlag.RESOURCES_CHANGED);
    }
    Instant lastResourceChange =
        vertical.changed() || resized.isPresent()
            ? input.now()
            : input.state().lastResourceChange();
    if (vertical.changed() || resized.isPresent()) {
      // Where the old pods broke a budget says nothing about pods of another size.
      capacity = capacity.withoutOverloads();
    }

    Map<String, Ineffective> ineffective = stillIneffective(input, evaluated.evaluations());
    List<LatencyCheck> checks = new ArrayList<>();
    judgeChecks(input, capacity, evaluated.evaluations(), ineffective, checks, reasons);

    // Replicas, for the pods that will exist.
    var horizontal = new HorizontalRecommender(input, config, capacity, trend, coresPerPod);
    List<Recommendation> recommendations = new ArrayList<>();
    int scalingSignals = 0;
    int observedSignals = 0;
    for (BudgetEvaluation evaluation : evaluated.evaluations()) {
      Budget budget = evaluation.budget();
      if (!HorizontalRecommender.drivesScaling(budget)) {
        continue;
      }
      scalingSignals++;
      if (evaluation.observed().isEmpty()) {
        // Partial data: saturated pods or the request rate alone may still say they are too few.
        horizontal.fromPartialData(budget).ifPresent(recommendations::add);
        continue;
      }
      observedSignals++;
      horizontal
          .recommend(budget, evaluation.observed().getAsDouble())
          .map(r -> capIneffective(r, ineffective, workload, reasons, flags))
          .ifPresent(recommendations::add);
    }
    // A throughput floor is a capacity to keep, whatever the load is now.
    for (BudgetEvaluation evaluation : evaluated.evaluations()) {
      if (evaluation.budget().kind() == BudgetKind.THROUGHPUT_MIN) {
        ThroughputFloor.recommend(evaluation.budget(), input, config, capacity, coresPerPod)
            .ifPresent(recommendations::add);
      }
    }

    int current = workload.specReplicas();
    int desired;
    Optional<Recommendation> driver =
        recommendations.stream().max((a, b) -> Integer.compare(a.replicas(), b.replicas()));
    if (scalingSignals > 0
        && observedSignals == 0
        && driver.map(r -> r.replicas() <= current).orElse(true)) {
      flags.add(DecisionFlag.METRICS_UNAVAILABLE);
      flags.add(DecisionFlag.METRICS_MISSING);
      desired = Math.max(current, policy.fallbackReplicas());
      reasons.add(
          policy.fallbackReplicas() > current
              ? "no metrics: raised to the fallback of " + Units.replicas(policy.fallbackReplicas())
              : "no metrics: holding "
                  + Units.replicas(current)
                  + " (never scale down without data)");
    } else if (driver.isEmpty()) {
      desired = current;
    } else {
      desired = driver.get().replicas();
      reasons.add(driver.get().reason());
      if (observedSignals < scalingSignals) {
        flags.add(DecisionFlag.METRICS_MISSING);
        if (desired < current) {
          desired = current;
          reasons.add("some metrics are missing: scaling up only");
        }
      }
    }
    if (desired < current) {
      Optional<String> violated =
          violatedFixableBudget(evaluated.evaluations(), ineffective, recommendations);
      if (violated.isPresent()) {
        // A lagging window can say the load has passed while the latency it caused has not:
        // shrinking now would make a violation that replicas can fix worse.
        desired = current;
        reasons.add(violated.get() + " is violated: no scale-down while it lasts");
      }
    }
    if (vertical.cpuLimitRaised() && desired > current) {
      reasons.add("waiting for the raised CPU limit before adding replicas");
      desired = current;
    }

    var normalized =
        BehaviorNormalizer.normalizeAndRecord(
            policy.behavior(),
            resized.isPresent()
                ? input
                    .state()
                    .behavior()
                    .withRecommendationsScaled(workload.usableCoresPerPod() / coresPerPod)
                : input.state().behavior(),
            current,
            desired,
            policy.minReplicas(),
            policy.maxReplicas(),
            input.now());
    int replicas = normalized.replicas();
    if (replicas != desired) {
      flags.add(DecisionFlag.SCALING_LIMITED);
      reasons.add(
          String.format(
              Locale.ROOT, "%s: %d instead of %d", normalized.reason(), replicas, desired));
    }
    BehaviorState behavior = normalized.next();
    if (replicas != current) {
      reasons.add(String.format(Locale.ROOT, "replicas %d -> %d", current, replicas));
      recordLatencyCheck(input, capacity, driver, replicas, evaluated.evaluations(), checks);
    }
    if (!ineffective.isEmpty()
        || (latencyReflectsReplicas(input)
            && recommendations.stream().anyMatch(Recommendation::unreachable))) {
      flags.add(DecisionFlag.SCALING_INEFFECTIVE);
    }

    EngineState next =
        new EngineState(
            behavior,
            capacity,
            evaluated.violatedSince(),
            checks,
            ineffective,
            lastResourceChange,
            requestRate
                .map(
                    s ->
                        LoadTrend.remember(
                            input.state().recentRequestRates(), s, policy.signalWindow()))
                .orElse(List.of()),
            replicas != current ? input.now() : input.state().lastReplicaChange());
    return new Decision(replicas, resources, evaluated.evaluations(), reasons, flags, next);
  }

  /** A budget that replicas drive, in violation, that scaling has not been found unable to fix. */
  private static Optional<String> violatedFixableBudget(
      List<BudgetEvaluation> evaluations,
      Map<String, Ineffective> ineffective,
      List<Recommendation> recommendations) {
    return evaluations.stream()
        .filter(e -> HorizontalRecommender.drivesScaling(e.budget()) && e.severity().violated())
        .map(e -> e.budget().name())
        .filter(name -> !ineffective.containsKey(name))
        .filter(
            name ->
                recommendations.stream()
                    .noneMatch(r -> r.unreachable() && r.budget().name().equals(name)))
        .findFirst();
  }

  private CapacityEstimate learn(
      EngineInput input, List<BudgetEvaluation> evaluations, Optional<LoadTrend> trend) {
    CapacityEstimate capacity = input.state().capacity();
    int ready = input.workload().readyReplicas();
    OptionalDouble rps = fresh(input.signals().requestRate(), input);
    OptionalDouble cpu = fresh(input.signals().cpuCoresPerPod(), input);
    if (rps.isEmpty() || ready < 1) {
      return capacity;
    }
    double cores = input.workload().usableCoresPerPod();
    if (cpu.isPresent() && servingNormally(input, cpu.getAsDouble(), cores)) {
      capacity = capacity.withDemandObservation(rps.getAsDouble(), cpu.getAsDouble() * ready);
    }
    if (!inSteadyState(input, trend)) {
      // Latency seen while the load or the replicas are moving belongs to neither the old nor the
      // new state: learning the queue's shape from it would mistake a transient for the service.
      return capacity;
    }
    for (BudgetEvaluation evaluation : evaluations) {
      if (evaluation.budget().kind().isLatency() && evaluation.observed().isPresent()) {
        String name = evaluation.budget().name();
        boolean violated = evaluation.severity().violated();
        double utilization =
            capacity.known()
                ? QueueingModel.utilization(
                    rps.getAsDouble() / ready, capacity.serviceDemandCoreSeconds(), cores)
                : 0;
        // A violation at low utilisation says nothing about load (a slow dependency does that).
        if (!input.state().ineffective().containsKey(name)
            && utilization >= OVERLOAD_EVIDENCE_UTILIZATION
            && (violated
                || evaluation.observed().getAsDouble()
                    <= evaluation.budget().aim(config.headroom()))) {
          capacity =
              capacity.withOverloadEvidence(name, violated, rps.getAsDouble() / ready, input.now());
        }
        if (!input.state().ineffective().containsKey(name)
            && utilization >= OVERLOAD_EVIDENCE_UTILIZATION
            && !violated) {
          capacity = capacity.withServedEvidence(name, rps.getAsDouble() / ready);
        }
        capacity =
            capacity.withLatencyObservation(
                evaluation.budget(),
                evaluation.observed().getAsDouble(),
                rps.getAsDouble(),
                ready,
                cores);
      }
    }
    return capacity;
  }

  /**
   * A pod-size change restarts every pod: only from a steady state with every budget met, and no
   * sooner than the rollout interval allows. Never where pods start one at a time: such a workload
   * (a StatefulSet with OrderedReady) replaces its pods one at a time, each once the one before is
   * Ready, while the replica count the new size allows comes down at once, so the old pods that
   * remain carry the load for as many start-ups as there are pods (in the simulator a pod-size
   * change there left every pod OOM-killed and the rollout stuck behind them).
   */
  private boolean readyToResize(
      EngineInput input, Optional<LoadTrend> trend, List<BudgetEvaluation> evaluations) {
    if (input.workload().startsInOrder()) {
      return false;
    }
    Instant last = input.state().lastResourceChange();
    boolean rolloutAllowed =
        last == null
            || !input.now().isBefore(last.plus(input.policy().resources().minRolloutInterval()));
    boolean allMet =
        evaluations.stream().allMatch(e -> e.observed().isPresent() && !e.severity().violated());
    return rolloutAllowed && allMet && inSteadyState(input, trend);
  }

  /**
   * CPU over requests is what a request costs only while the pods asked for are Ready, not
   * saturated and answer nearly every request: a saturated pod's CPU is capped, and requests that
   * fail (a crashed pod, a full queue) cost little or nothing while they still count as requests.
   */
  private boolean servingNormally(EngineInput input, double cpuPerPod, double cores) {
    WorkloadState workload = input.workload();
    boolean failing =
        fresh(input.signals().errorRatio(), input).orElse(0) > MAX_ERRORS_FOR_LEARNING;
    return workload.readyReplicas() == workload.specReplicas()
        && !failing
        && (cores <= 0 || cpuPerPod < CapacityEstimate.SATURATED * cores);
  }

  /**
   * The load held still since the previous decision, every pod asked for is Ready, and the signal
   * window no longer reaches back to before the last replica change.
   */
  private boolean inSteadyState(EngineInput input, Optional<LoadTrend> trend) {
    WorkloadState workload = input.workload();
    Instant lastChange = input.state().lastReplicaChange();
    return trend.map(LoadTrend::steady).orElse(false)
        && workload.readyReplicas() == workload.specReplicas()
        && (lastChange == null || !input.now().isBefore(lastChange.plus(settle(input))));
  }

  /**
   * Whether the latency observed now is the latency of the replicas there are: all are Ready, and
   * the latency window no longer reaches back to before the last change. Until then a backlog the
   * earlier, fewer replicas built is still in the percentile (on real pods it drains for tens of
   * seconds after the scale-up that ends it), and a model fitted to it says no replica count is
   * enough: that is not a finding that replicas do not help.
   */
  private static boolean latencyReflectsReplicas(EngineInput input) {
    Instant lastChange = input.state().lastReplicaChange();
    return input.workload().readyReplicas() >= input.workload().specReplicas()
        && (lastChange == null
            || !input.now().isBefore(lastChange.plus(input.policy().signalWindow())));
  }

  /** How long after a replica change the signals still show the state before it. */
  private Duration settle(EngineInput input) {
    return max(config.settleTime(), input.policy().signalWindow());
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  private OptionalDouble fresh(Optional<Sample> sample, EngineInput input) {
    return sample
        .filter(s -> s.freshAt(input.now(), config.staleAfter()))
        .map(s -> OptionalDouble.of(s.value()))
        .orElse(OptionalDouble.empty());
  }

  /** Whether latency fell well below where it was when replicas were found not to help. */
  private static boolean latencyFell(Ineffective finding, Optional<BudgetEvaluation> now) {
    return now.filter(e -> e.observed().isPresent())
        .map(e -> e.observed().getAsDouble() < (1 - MOVED) * finding.observedSeconds())
        .orElse(false);
  }

  /**
   * What replicas could not fix went away by itself: what it taught the latency model (a large
   * load-independent part) is no longer true, so the model starts over for that budget.
   */
  private static CapacityEstimate forgetRecovered(
      CapacityEstimate capacity, EngineInput input, List<BudgetEvaluation> evaluations) {
    for (var entry : input.state().ineffective().entrySet()) {
      Optional<BudgetEvaluation> now =
          evaluations.stream().filter(e -> e.budget().name().equals(entry.getKey())).findFirst();
      if (latencyFell(entry.getValue(), now)) {
        capacity = capacity.withoutCorrections(entry.getKey());
      }
    }
    return capacity;
  }

  /**
   * A finding of ineffectiveness ends when the budget is met again, the load moved a lot, or the
   * latency fell a lot without more replicas (the slow dependency recovered).
   */
  private Map<String, Ineffective> stillIneffective(
      EngineInput input, List<BudgetEvaluation> evaluations) {
    Map<String, Ineffective> kept = new HashMap<>();
    OptionalDouble rps = fresh(input.signals().requestRate(), input);
    for (var entry : input.state().ineffective().entrySet()) {
      Optional<BudgetEvaluation> now =
          evaluations.stream().filter(e -> e.budget().name().equals(entry.getKey())).findFirst();
      boolean met = now.map(e -> e.severity() == Severity.MET).orElse(false);
      boolean latencyFell = latencyFell(entry.getValue(), now);
      double before = entry.getValue().requestRate();
      boolean loadMoved =
          rps.isPresent() && Math.abs(rps.getAsDouble() - before) > MOVED * Math.max(before, 1);
      if (!met && !loadMoved && !latencyFell) {
        kept.put(entry.getKey(), entry.getValue());
      }
    }
    return kept;
  }

  /**
   * After a latency scale-up is Ready and settled, compare what happened with what the model
   * promised; less than a tenth of the promised gain means replicas do not help this budget.
   */
  private void judgeChecks(
      EngineInput input,
      CapacityEstimate capacity,
      List<BudgetEvaluation> evaluations,
      Map<String, Ineffective> ineffective,
      List<LatencyCheck> pending,
      List<String> reasons) {
    for (LatencyCheck check : input.state().pendingChecks()) {
      // Settled also means the latency window no longer reaches back to before the last replica
      // change: a backlog built while the replicas were too few stays in a 1 m percentile for a
      // minute after they are enough, and judging it then calls a scale-up that worked useless.
      Instant lastChange = input.state().lastReplicaChange();
      boolean settled =
          input.workload().readyReplicas() >= check.toReplicas()
              && !input.now().isBefore(check.at().plus(config.settleTime()))
              && (lastChange == null || !input.now().isBefore(lastChange.plus(settle(input))));
      if (!settled) {
        if (input.now().isBefore(check.at().plus(config.settleTime().multipliedBy(10)))) {
          pending.add(check);
        }
        continue;
      }
      Optional<BudgetEvaluation> now =
          evaluations.stream().filter(e -> e.budget().name().equals(check.budget())).findFirst();
      if (now.isEmpty() || now.get().observed().isEmpty() || !now.get().severity().violated()) {
        continue;
      }
      double observed = now.get().observed().getAsDouble();
      // What the model promises these replicas at the load now, not at the load then: a load that
      // kept rising after the scale-up (a flash crowd) would otherwise make a scale-up that was
      // simply too small look as if replicas do not help.
      OptionalDouble rpsNow = fresh(input.signals().requestRate(), input);
      double predicted =
          rpsNow.isPresent() && capacity.known()
              ? Math.max(
                  check.predictedAfter(),
                  capacity.predictLatency(
                      now.get().budget(),
                      rpsNow.getAsDouble(),
                      check.toReplicas(),
                      input.workload().usableCoresPerPod()))
              : check.predictedAfter();
      double promised = check.observedBefore() - predicted;
      double gained = check.observedBefore() - observed;
      if (promised > 0 && gained < config.ineffectiveGain() * promised) {
        double rps = fresh(input.signals().requestRate(), input).orElse(0);
        ineffective.put(
            check.budget(),
            new Ineffective(input.now(), input.workload().specReplicas(), rps, observed));
        reasons.add(
            String.format(
                Locale.ROOT,
                "ScalingIneffective: %s was %s, the model promised %s with %d replicas, it is %s;"
                    + " no more replicas for it",
                check.budget(),
                Units.seconds(check.observedBefore()),
                Units.seconds(predicted),
                check.toReplicas(),
                Units.seconds(observed)));
      }
    }
  }

  private Recommendation capIneffective(
      Recommendation recommendation,
      Map<String, Ineffective> ineffective,
      WorkloadState workload,
      List<String> reasons,
      Set<DecisionFlag> flags) {
    Ineffective finding = ineffective.get(recommendation.budget().name());
    if (finding == null || recommendation.replicas() <= finding.replicas()) {
      return recommendation;
    }
    flags.add(DecisionFlag.SCALING_INEFFECTIVE);
    reasons.add(
        recommendation.budget().name()
            + " stays over budget, but more replicas did not help: holding at "
            + finding.replicas());
    return new Recommendation(
        recommendation.budget(), Math.max(finding.replicas(), 1), recommendation.reason(), true);
  }

  private void recordLatencyCheck(
      EngineInput input,
      CapacityEstimate capacity,
      Optional<Recommendation> driver,
      int replicas,
      List<BudgetEvaluation> evaluations,
      List<LatencyCheck> checks) {
    if (driver.isEmpty()
        || !driver.get().budget().kind().isLatency()
        || replicas <= input.workload().specReplicas()
        || !capacity.known()) {
      return;
    }
    Budget budget = driver.get().budget();
    OptionalDouble rps = fresh(input.signals().requestRate(), input);
    evaluations.stream()
        .filter(e -> e.budget().equals(budget) && e.observed().isPresent())
        .findFirst()
        .filter(e -> rps.isPresent())
        .ifPresent(
            e ->
                checks.add(
                    new LatencyCheck(
                        budget.name(),
                        input.now(),
                        replicas,
                        e.observed().getAsDouble(),
                        capacity.predictLatency(
                            budget,
                            rps.getAsDouble(),
                            replicas,
                            input.workload().usableCoresPerPod()))));
  }
}
