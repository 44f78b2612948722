package dev.headroom.engine;

import dev.headroom.engine.behavior.Behavior;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Builders for engine inputs in tests. */
final class Fixtures {
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  static final ContainerResources ONE_CORE =
      new ContainerResources(1000, 1000, 512L << 20, 1024L << 20);

  /** The rate window of the policies here, as in most examples. */
  static final Duration WINDOW = Duration.ofMinutes(1);

  private Fixtures() {}

  static EnginePolicy policy(List<Budget> budgets, int min, int max) {
    return new EnginePolicy(
        budgets, min, max, Behavior.hpaDefaults(), 0, ResourceRules.OFF, Prices.DEFAULT, WINDOW);
  }

  static EnginePolicy withResources(EnginePolicy policy, ResourceRules rules) {
    return new EnginePolicy(
        policy.budgets(),
        policy.minReplicas(),
        policy.maxReplicas(),
        policy.behavior(),
        policy.fallbackReplicas(),
        rules,
        policy.prices(),
        policy.signalWindow());
  }

  /** The same policy with scale-downs not stabilised, so one decision shows where it would go. */
  static EnginePolicy noDownWindow(EnginePolicy base) {
    var behavior =
        Behavior.hpaDefaults()
            .withScaleDown(
                Behavior.hpaDefaults().scaleDown().withStabilizationWindow(Duration.ZERO));
    return new EnginePolicy(
        base.budgets(),
        base.minReplicas(),
        base.maxReplicas(),
        behavior,
        base.fallbackReplicas(),
        base.resources(),
        base.prices(),
        base.signalWindow());
  }

  static EnginePolicy withFallback(EnginePolicy policy, int fallback) {
    return new EnginePolicy(
        policy.budgets(),
        policy.minReplicas(),
        policy.maxReplicas(),
        policy.behavior(),
        fallback,
        policy.resources(),
        policy.prices(),
        policy.signalWindow());
  }

  static Budget p95(double targetSeconds) {
    return new Budget(
        "latency/p95", BudgetKind.LATENCY_QUANTILE, 0.95, targetSeconds, Double.NaN, Double.NaN);
  }

  static Budget cpuUtilization(double target) {
    return Budget.of("cpu/utilization", BudgetKind.CPU_UTILIZATION, target);
  }

  static WorkloadState workload(int spec, int ready) {
    return workload(spec, ready, ONE_CORE);
  }

  static WorkloadState workload(int spec, int ready, ContainerResources resources) {
    return new WorkloadState(spec, ready, Map.of("app", resources), Map.of());
  }

  /** Signals of a service doing {@code rps} in total with {@code cpuPerPod} cores per pod. */
  static Signals signals(Instant at, double rps, double cpuPerPod, Double p95Seconds) {
    return new Signals(
        Optional.of(new Sample(rps, at)),
        p95Seconds == null ? Map.of() : Map.of(0.95, new Sample(p95Seconds, at)),
        Optional.empty(),
        Optional.empty(),
        Optional.of(new Sample(cpuPerPod, at)),
        Optional.empty(),
        Map.of());
  }

  static EngineInput input(
      EnginePolicy policy,
      Signals signals,
      WorkloadState workload,
      EngineState state,
      Instant now) {
    return new EngineInput(policy, signals, workload, state, now);
  }

  static Instant at(long seconds) {
    return T0.plus(Duration.ofSeconds(seconds));
  }
}
