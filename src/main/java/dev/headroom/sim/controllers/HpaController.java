package dev.headroom.sim.controllers;

import dev.headroom.engine.behavior.Behavior;
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
 * normalizes it. Without a {@code spec.behavior} (what {@link Config#asUsersGetIt} builds) that is
 * the legacy normalizeDesiredReplicas ({@link LegacyNormalizer}); with one, the behavior logic
 * shared with Headroom's engine. When no usable metric comes back it keeps the current count
 * (ScalingActive=False, FailedGetResourceMetric) and records no recommendation, as the HPA does.
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
   * @param behavior spec.behavior after defaulting, or null when the HPA has none (the API server
   *     leaves an absent behavior absent), which takes the controller's legacy path
   * @param tolerance {@code --horizontal-pod-autoscaler-tolerance}
   * @param cpuInitializationPeriod {@code --horizontal-pod-autoscaler-cpu-initialization-period}
   * @param initialReadinessDelay {@code --horizontal-pod-autoscaler-initial-readiness-delay}
   * @param metricsWindow the window metrics-server reports for each CPU sample (its resolution)
   * @param downscaleStabilization {@code --horizontal-pod-autoscaler-downscale-stabilization}, the
   *     legacy path's window
   */
  public record Config(
      int targetUtilizationPercent,
      int minReplicas,
      int maxReplicas,
      Behavior behavior,
      double tolerance,
      Duration cpuInitializationPeriod,
      Duration initialReadinessDelay,
      Duration metricsWindow,
      Duration downscaleStabilization) {
    public Config {
      Objects.requireNonNull(cpuInitializationPeriod, "cpuInitializationPeriod");
      Objects.requireNonNull(initialReadinessDelay, "initialReadinessDelay");
      Objects.requireNonNull(metricsWindow, "metricsWindow");
      Objects.requireNonNull(downscaleStabilization, "downscaleStabilization");
      if (targetUtilizationPercent <= 0) {
        throw new IllegalArgumentException("target must be positive: " + targetUtilizationPercent);
      }
      if (minReplicas < 1 || maxReplicas < minReplicas) {
        throw new IllegalArgumentException("bad bounds [" + minReplicas + ", " + maxReplicas + "]");
      }
    }

    /** Without the downscale-stabilization flag: its default, 5 min. */
    public Config(
        int targetUtilizationPercent,
        int minReplicas,
        int maxReplicas,
        Behavior behavior,
        double tolerance,
        Duration cpuInitializationPeriod,
        Duration initialReadinessDelay,
        Duration metricsWindow) {
      this(
          targetUtilizationPercent,
          minReplicas,
          maxReplicas,
          behavior,
          tolerance,
          cpuInitializationPeriod,
          initialReadinessDelay,
          metricsWindow,
          LegacyNormalizer.DEFAULT_DOWNSCALE_STABILIZATION);
    }

    /**
     * The HPA users get from an autoscaling/v2 object with a CPU target, bounds and no {@code
     * behavior}: the legacy path (5 min downscale stabilization, scale-up at most to {@code max(2 ×
     * current, 4)}), tolerance 0.1, 5 min CPU initialization, 30 s readiness delay,
     * metrics-server's 15 s resolution.
     */
    public static Config asUsersGetIt(
        int targetUtilizationPercent, int minReplicas, int maxReplicas) {
      return new Config(
          targetUtilizationPercent,
          minReplicas,
          maxReplicas,
          null,
          0.1,
          Duration.ofMinutes(5),
          Duration.ofSeconds(30),
          Duration.ofSeconds(15));
    }

    /** The same as {@link #asUsersGetIt}: an HPA without {@code spec.behavior}. */
    public static Config defaults(int targetUtilizationPercent, int minReplicas, int maxReplicas) {
      return asUsersGetIt(targetUtilizationPercent, minReplicas, maxReplicas);
    }

    /**
     * An HPA with a {@code spec.behavior} whose fields are all left to their defaults (scale-up
     * without a window, the larger of 4 pods and 100 % per 15 s; scale-down with a 300 s window,
     * 100 % per 15 s), otherwise as {@link #asUsersGetIt}.
     */
    public static Config withDefaultBehavior(
        int targetUtilizationPercent, int minReplicas, int maxReplicas) {
      return asUsersGetIt(targetUtilizationPercent, minReplicas, maxReplicas)
          .withBehavior(Behavior.hpaDefaults());
    }

    /** Whether the HPA has a spec.behavior, i.e. does not take the legacy path. */
    public boolean hasBehavior() {
      return behavior != null;
    }

    /** This HPA with {@code newBehavior} as spec.behavior (after defaulting); null removes it. */
    public Config withBehavior(Behavior newBehavior) {
      return new Config(
          targetUtilizationPercent,
          minReplicas,
          maxReplicas,
          newBehavior,
          tolerance,
          cpuInitializationPeriod,
          initialReadinessDelay,
          metricsWindow,
          downscaleStabilization);
    }
  }

  private final Config config;
  private final ReplicaCalculator calculator;
  private final HpaNormalization normalization;

  public HpaController(Config config) {
    this.config = Objects.requireNonNull(config, "config");
    this.calculator =
        new ReplicaCalculator(
            new ReplicaCalculator.Settings(
                Tolerances.symmetric(config.tolerance()),
                config.cpuInitializationPeriod(),
                config.initialReadinessDelay()));
    this.normalization = new HpaNormalization(config.behavior(), config.downscaleStabilization());
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
    normalization.recordInitialRecommendation(current, now);

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

    HpaNormalization.Decision decision =
        normalization.normalize(current, desired, config.minReplicas(), config.maxReplicas(), now);
    return ControlAction.replicas(decision.replicas(), metricNote + decision.reason());
  }

  /** The HPA reads metrics only when the current count is inside [min, max]. */
  private boolean metricsAreConsulted(int current) {
    return current >= config.minReplicas() && current <= config.maxReplicas();
  }
}
