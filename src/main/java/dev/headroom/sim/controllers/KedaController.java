package dev.headroom.sim.controllers;

import dev.headroom.engine.behavior.Behavior;
import dev.headroom.sim.ControlAction;
import dev.headroom.sim.Controller;
import dev.headroom.sim.Observation;
import dev.headroom.sim.PrometheusView;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * A KEDA ScaledObject with one Prometheus trigger: KEDA turns the query's value into an external
 * metric and the HPA it generates scales on it (GetExternalPerPodMetricReplicas for an AverageValue
 * target, GetExternalMetricReplicas for a Value target). KEDA copies {@code
 * advanced.horizontalPodAutoscalerConfig.behavior} into the HPA and leaves it nil when the
 * ScaledObject sets none (kedacore/keda controllers/keda/hpa.go, newHPAForScaledObject), so by
 * default the HPA normalizes with its legacy path ({@link LegacyNormalizer}); with a behavior, with
 * the behavior logic shared with Headroom's engine.
 *
 * <p>Missing data, faithfully to KEDA's Prometheus scaler: with {@code ignoreNullValues} true (its
 * default) an empty result, NaN or ±Inf reads as 0, so a gap in the data (no traffic, a latency
 * quantile over no requests, a scrape outage that empties the series) drives a scale-down toward
 * minReplicas once the stabilization window has passed (keda#3065). Only when Prometheus cannot be
 * asked at all does the scaler fail, and the HPA then keeps the current count
 * (FailedGetExternalMetric). KEDA's fallback replicas and its own 0↔1 activation are not modelled;
 * minReplicas is at least 1.
 */
public final class KedaController implements Controller {
  /** What the trigger's query returns. */
  public enum MetricKind {
    /** Requests per second of the whole target, with an AverageValue threshold per replica. */
    REQUEST_RATE,
    /** A latency quantile in seconds, with a Value threshold. */
    LATENCY_QUANTILE,
    /** The mean latency in seconds (a histogram's sum over its count), with a Value threshold. */
    LATENCY_AVERAGE
  }

  /**
   * A ScaledObject with one Prometheus trigger.
   *
   * @param metric what the query returns
   * @param quantile for LATENCY_QUANTILE, which quantile (0.95 for p95); ignored otherwise
   * @param threshold the trigger's threshold: rps per replica, or seconds
   * @param minReplicas minReplicaCount, at least 1
   * @param maxReplicas maxReplicaCount
   * @param behavior advanced.horizontalPodAutoscalerConfig.behavior after defaulting, or null when
   *     the ScaledObject sets none (the generated HPA then takes the legacy path)
   * @param tolerance the HPA's tolerance
   * @param pollingInterval how often the metric is read and acted on (KEDA's default 30 s). In a
   *     real cluster the HPA KEDA generates syncs every 15 s and, unless {@code useCachedMetrics}
   *     is set, each sync runs the query afresh (keda#2282), so the polling interval only paces
   *     activation; 15 s models that uncached default, 30 s the cached one
   * @param ignoreNullValues whether an empty result reads as 0 (KEDA's default true) or fails
   */
  public record Config(
      MetricKind metric,
      double quantile,
      double threshold,
      int minReplicas,
      int maxReplicas,
      Behavior behavior,
      double tolerance,
      Duration pollingInterval,
      boolean ignoreNullValues) {
    public Config {
      Objects.requireNonNull(metric, "metric");
      Objects.requireNonNull(pollingInterval, "pollingInterval");
      if (!(threshold > 0)) {
        throw new IllegalArgumentException("threshold must be positive: " + threshold);
      }
      if (toMilli(threshold) == 0) {
        throw new IllegalArgumentException("threshold below one milli-unit: " + threshold);
      }
      if (minReplicas < 1 || maxReplicas < minReplicas) {
        throw new IllegalArgumentException("bad bounds [" + minReplicas + ", " + maxReplicas + "]");
      }
    }

    /**
     * The ScaledObject users get from a trigger and bounds alone: no behavior (the HPA's legacy
     * path), ignoreNullValues true, and the generated HPA's 15 s sync querying Prometheus afresh
     * each time (useCachedMetrics false, its default).
     *
     * @param quantile for LATENCY_QUANTILE, which quantile; ignored otherwise
     * @param threshold rps per replica (AverageValue) or seconds (Value)
     */
    public static Config asUsersGetIt(
        MetricKind metric, double quantile, double threshold, int minReplicas, int maxReplicas) {
      return new Config(
          metric,
          metric == MetricKind.LATENCY_QUANTILE ? quantile : Double.NaN,
          threshold,
          minReplicas,
          maxReplicas,
          null,
          0.1,
          Duration.ofSeconds(15),
          true);
    }

    /**
     * Scale on total request rate, {@code rpsPerReplica} per replica, with KEDA's defaults (no
     * behavior) and a 30 s polling interval (the cached-metrics pace).
     */
    public static Config requestRate(double rpsPerReplica, int minReplicas, int maxReplicas) {
      return asUsersGetIt(
              MetricKind.REQUEST_RATE, Double.NaN, rpsPerReplica, minReplicas, maxReplicas)
          .withPollingInterval(Duration.ofSeconds(30));
    }

    /**
     * Scale on a latency quantile against a threshold in seconds, with KEDA's defaults (no
     * behavior) and a 30 s polling interval (the cached-metrics pace).
     */
    public static Config latency(
        double quantile, double thresholdSeconds, int minReplicas, int maxReplicas) {
      return asUsersGetIt(
              MetricKind.LATENCY_QUANTILE, quantile, thresholdSeconds, minReplicas, maxReplicas)
          .withPollingInterval(Duration.ofSeconds(30));
    }

    /**
     * Scale on the mean latency against a threshold in seconds, with KEDA's defaults (no behavior)
     * and a 30 s polling interval (the cached-metrics pace).
     */
    public static Config averageLatency(double thresholdSeconds, int minReplicas, int maxReplicas) {
      return asUsersGetIt(
              MetricKind.LATENCY_AVERAGE, Double.NaN, thresholdSeconds, minReplicas, maxReplicas)
          .withPollingInterval(Duration.ofSeconds(30));
    }

    /**
     * Whether the ScaledObject sets an HPA behavior, i.e. the HPA does not take the legacy path.
     */
    public boolean hasBehavior() {
      return behavior != null;
    }

    /** This ScaledObject with {@code newBehavior} (after defaulting); null removes it. */
    public Config withBehavior(Behavior newBehavior) {
      return new Config(
          metric,
          quantile,
          threshold,
          minReplicas,
          maxReplicas,
          newBehavior,
          tolerance,
          pollingInterval,
          ignoreNullValues);
    }

    public Config withPollingInterval(Duration interval) {
      return new Config(
          metric,
          quantile,
          threshold,
          minReplicas,
          maxReplicas,
          behavior,
          tolerance,
          interval,
          ignoreNullValues);
    }

    public Config withIgnoreNullValues(boolean ignore) {
      return new Config(
          metric,
          quantile,
          threshold,
          minReplicas,
          maxReplicas,
          behavior,
          tolerance,
          pollingInterval,
          ignore);
    }
  }

  private final Config config;
  private final ReplicaCalculator calculator;
  private final HpaNormalization normalization;

  public KedaController(Config config) {
    this.config = Objects.requireNonNull(config, "config");
    this.calculator =
        new ReplicaCalculator(
            new ReplicaCalculator.Settings(
                Tolerances.symmetric(config.tolerance()),
                Duration.ofMinutes(5),
                Duration.ofSeconds(30)));
    this.normalization =
        new HpaNormalization(config.behavior(), LegacyNormalizer.DEFAULT_DOWNSCALE_STABILIZATION);
  }

  @Override
  public String name() {
    return "keda";
  }

  @Override
  public Duration syncPeriod() {
    return config.pollingInterval();
  }

  @Override
  public ControlAction decide(Observation observation) {
    Instant now = observation.now();
    int current = observation.specReplicas();
    normalization.recordInitialRecommendation(current, now);

    int desired = current;
    String metricNote = "";
    if (current >= config.minReplicas() && current <= config.maxReplicas()) {
      Outcome<Double> value = query(observation.prometheus());
      if (!value.succeeded()) {
        return ControlAction.replicas(
            current, "ScalingActive=False FailedGetExternalMetric: " + value.failure());
      }
      long milli = toMilli(value.value());
      Outcome<ExternalReplicas> computed = replicasFor(milli, current, observation);
      if (!computed.succeeded()) {
        return ControlAction.replicas(
            current, "ScalingActive=False FailedGetExternalMetric: " + computed.failure());
      }
      desired = computed.value().replicas();
      metricNote =
          "s0-prometheus "
              + value.value()
              + " (threshold "
              + config.threshold()
              + ") wants "
              + desired
              + "; ";
    }

    HpaNormalization.Decision decision =
        normalization.normalize(current, desired, config.minReplicas(), config.maxReplicas(), now);
    return ControlAction.replicas(decision.replicas(), metricNote + decision.reason());
  }

  /** KEDA's prometheusScaler.ExecutePromQuery over what Prometheus answered. */
  private Outcome<Double> query(PrometheusView prometheus) {
    if (prometheus.sampledAt() == null) {
      return Outcome.failure("prometheus query api returned error (Prometheus unreachable)");
    }
    OptionalDouble answer =
        switch (config.metric()) {
          case REQUEST_RATE -> prometheus.requestRate();
          case LATENCY_QUANTILE -> {
            Double seconds = prometheus.latencyQuantileSeconds().get(config.quantile());
            yield seconds == null ? OptionalDouble.empty() : OptionalDouble.of(seconds);
          }
          case LATENCY_AVERAGE -> prometheus.latencyAverageSeconds();
        };
    if (answer.isEmpty() || !Double.isFinite(answer.getAsDouble())) {
      if (config.ignoreNullValues()) {
        return Outcome.success(0.0);
      }
      return Outcome.failure(
          "prometheus metrics 'prometheus' target may be lost, the result is empty");
    }
    return Outcome.success(answer.getAsDouble());
  }

  private Outcome<ExternalReplicas> replicasFor(long milli, int current, Observation observation) {
    long thresholdMilli = toMilli(config.threshold());
    return switch (config.metric()) {
      case REQUEST_RATE ->
          calculator.externalPerPodReplicas(
              observation.pods().size(), thresholdMilli, List.of(milli));
      case LATENCY_QUANTILE, LATENCY_AVERAGE ->
          calculator.externalReplicas(
              current, thresholdMilli, List.of(milli), ObservedPods.statuses(observation));
    };
  }

  /**
   * KEDA's quantityFromFloat64 then the HPA's MilliValue: the value printed with three decimals
   * (rounded from its exact binary value) is what the HPA sees, in milli-units.
   */
  static long toMilli(double value) {
    if (!Double.isFinite(value)) {
      return 0;
    }
    return new BigDecimal(value).setScale(3, RoundingMode.HALF_EVEN).movePointRight(3).longValue();
  }
}
