package dev.headroom.sim.controllers;

import dev.headroom.sim.Observation;
import dev.headroom.sim.PodView;
import dev.headroom.sim.PrometheusView;
import dev.headroom.sim.Resources;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/** Builds {@link Observation}s for controller tests: pods, their CPU, and Prometheus' answers. */
final class ObservationBuilder {
  static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
  private static final long GIB = 1L << 30;

  private final Instant now;
  private final int specReplicas;
  private final List<PodView> pods = new ArrayList<>();
  private long cpuRequestMillis = 200;
  private PrometheusView prometheus;

  private ObservationBuilder(long second, int specReplicas) {
    this.now = T0.plusSeconds(second);
    this.specReplicas = specReplicas;
    this.prometheus = PrometheusView.unavailable(now);
  }

  /** An observation at {@code T0 + second} of a Deployment with {@code specReplicas}. */
  static ObservationBuilder at(long second, int specReplicas) {
    return new ObservationBuilder(second, specReplicas);
  }

  ObservationBuilder cpuRequestMillis(long millis) {
    this.cpuRequestMillis = millis;
    return this;
  }

  /** {@code count} pods created an hour ago, Ready for long, each using {@code cores}. */
  ObservationBuilder readyPods(int count, double cores) {
    Instant created = now.minus(Duration.ofHours(1));
    for (int i = 0; i < count; i++) {
      pods.add(
          new PodView(
              "ready-" + pods.size(), created, true, created.plusSeconds(20), cores, now, GIB, 0));
    }
    return this;
  }

  /** {@code count} pods created {@code secondsAgo}, not Ready yet and without a CPU sample. */
  ObservationBuilder startingPods(int count, long secondsAgo) {
    Instant created = now.minusSeconds(secondsAgo);
    for (int i = 0; i < count; i++) {
      pods.add(
          new PodView("starting-" + pods.size(), created, false, null, Double.NaN, null, GIB, 0));
    }
    return this;
  }

  ObservationBuilder pod(PodView pod) {
    pods.add(pod);
    return this;
  }

  /** Prometheus answered, with these values (null for an empty result). */
  /** Prometheus answering a request rate and a mean latency, and no quantile. */
  ObservationBuilder prometheusAverage(double requestRate, double averageSeconds) {
    this.prometheus =
        new PrometheusView(
            now,
            OptionalDouble.of(requestRate),
            OptionalDouble.empty(),
            Map.of(),
            OptionalDouble.of(averageSeconds),
            OptionalDouble.empty(),
            OptionalDouble.empty(),
            OptionalDouble.empty(),
            OptionalDouble.empty(),
            OptionalDouble.empty());
    return this;
  }

  ObservationBuilder prometheus(Double requestRate, Map<Double, Double> latencyQuantiles) {
    this.prometheus =
        new PrometheusView(
            now,
            requestRate == null ? OptionalDouble.empty() : OptionalDouble.of(requestRate),
            OptionalDouble.empty(),
            latencyQuantiles,
            OptionalDouble.empty(),
            OptionalDouble.empty(),
            OptionalDouble.empty(),
            OptionalDouble.empty(),
            OptionalDouble.empty(),
            OptionalDouble.empty());
    return this;
  }

  Instant now() {
    return now;
  }

  Observation build() {
    return new Observation(
        now,
        specReplicas,
        List.copyOf(pods),
        new Resources(cpuRequestMillis, 0, GIB, 2 * GIB),
        prometheus,
        List.of());
  }
}
