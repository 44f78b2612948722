package dev.headroom.sim.controllers;

import dev.headroom.engine.behavior.Behavior;
import dev.headroom.engine.behavior.BehaviorNormalizer;
import dev.headroom.engine.behavior.BehaviorState;
import dev.headroom.engine.behavior.Normalized;
import dev.headroom.sim.ControlAction;
import dev.headroom.sim.Controller;
import dev.headroom.sim.Observation;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The Kubernetes HorizontalPodAutoscaler (autoscaling/v2) with one metric, CPU utilisation of
 * requests, as kube-controller-manager runs it: every 15 s it reads spec.replicas, the pods and
 * metrics-server's samples, computes a recommendation with the HPA's replica calculator, and
 * normalizes it with the HPA's behavior logic. When no usable metric comes back it keeps the
 * current count (ScalingActive=False, FailedGetResourceMetric), as the HPA does.
 */
public final class HpaController implements Controller {
  /** kube-controller-manager's {@code --horizontal-pod-autoscaler-sync-period} default. */
  public static final Duration SYNC_PERIOD = Duration.ofSeconds(15);

  /**
   * An HPA's spec plus the controller-manager flags it runs with.
   *
   * @param targetUtilizationPercent the CPU target, as averageUtilization (the API default is 80)
   * @param minReplicas spec.minReplicas
   * @param maxReplicas spec.maxReplicas
   * @param behavior spec.behavior after defaulting
   * @param tolerance {@code --horizontal-pod-autoscaler-tolerance}
   * @param cpuInitializationPeriod {@code --horizontal-pod-autoscaler-cpu-initialization-period}
   * @param initialReadinessDelay {@code --horizontal-pod-autoscaler-initial-readiness-delay}
   * @param metricsWindow the window metrics-server reports for each CPU sample (its resolution)
   */
  public record Config(
      int targetUtilizationPercent,
      int minReplicas,
      int maxReplicas,
      Behavior behavior,
      double tolerance,
      Duration cpuInitializationPeriod,
      Duration initialReadinessDelay,
      Duration metricsWindow) {
    public Config {
      Objects.requireNonNull(behavior, "behavior");
      Objects.requireNonNull(cpuInitializationPeriod, "cpuInitializationPeriod");
      Objects.requireNonNull(initialReadinessDelay, "initialReadinessDelay");
      Objects.requireNonNull(metricsWindow, "metricsWindow");
      if (targetUtilizationPercent <= 0) {
        throw new IllegalArgumentException("target must be positive: " + targetUtilizationPercent);
      }
      if (minReplicas < 1 || maxReplicas < minReplicas) {
        throw new IllegalArgumentException("bad bounds [" + minReplicas + ", " + maxReplicas + "]");
      }
    }

    /**
     * The HPA's defaults around a target and bounds: default behavior, tolerance 0.1, 5 min CPU
     * initialization, 30 s readiness delay, metrics-server's 15 s resolution.
     */
    public static Config defaults(int targetUtilizationPercent, int minReplicas, int maxReplicas) {
      return new Config(
          targetUtilizationPercent,
          minReplicas,
          maxReplicas,
          Behavior.hpaDefaults(),
          0.1,
          Duration.ofMinutes(5),
          Duration.ofSeconds(30),
          Duration.ofSeconds(15));
    }

    public Config withBehavior(Behavior newBehavior) {
      return new Config(
          targetUtilizationPercent,
          minReplicas,
          maxReplicas,
          newBehavior,
          tolerance,
          cpuInitializationPeriod,
          initialReadinessDelay,
          metricsWindow);
    }
  }

  private final Config config;
  private final ReplicaCalculator calculator;
  private BehaviorState state = BehaviorState.empty();

  public HpaController(Config config) {
    this.config = Objects.requireNonNull(config, "config");
    this.calculator =
        new ReplicaCalculator(
            new ReplicaCalculator.Settings(
                Tolerances.symmetric(config.tolerance()),
                config.cpuInitializationPeriod(),
                config.initialReadinessDelay()));
  }

  @Override
  public String name() {
    return "hpa";
  }

  @Override
  public Duration syncPeriod() {
    return SYNC_PERIOD;
  }

  @Override
  public ControlAction decide(Observation observation) {
    Instant now = observation.now();
    int current = observation.specReplicas();
    state = BehaviorNormalizer.recordInitialRecommendation(state, current, now);

    int desired = current;
    String metricNote = "";
    if (metricsAreConsulted(current)) {
      Outcome<ResourceReplicas> computed =
          calculator.resourceReplicas(
              current,
              config.targetUtilizationPercent(),
              ObservedPods.statuses(observation),
              ObservedPods.cpuMetrics(observation, config.metricsWindow()),
              now);
      if (!computed.succeeded()) {
        return ControlAction.replicas(
            current, "ScalingActive=False FailedGetResourceMetric: " + computed.failure());
      }
      desired = computed.value().replicas();
      metricNote =
          "cpu "
              + computed.value().utilizationPercent()
              + "% of request (target "
              + config.targetUtilizationPercent()
              + "%) wants "
              + desired
              + "; ";
    }

    Normalized normalized =
        BehaviorNormalizer.normalizeAndRecord(
            config.behavior(),
            state,
            current,
            desired,
            config.minReplicas(),
            config.maxReplicas(),
            now);
    state = normalized.next();
    return ControlAction.replicas(normalized.replicas(), metricNote + normalized.reason());
  }

  /** The HPA reads metrics only when the current count is inside [min, max]. */
  private boolean metricsAreConsulted(int current) {
    return current >= config.minReplicas() && current <= config.maxReplicas();
  }
}
