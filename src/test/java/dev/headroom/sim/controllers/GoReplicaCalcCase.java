package dev.headroom.sim.controllers;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The harness of replica_calculator_test.go: pods built as its fake client builds them (two
 * containers each, Ready condition and start time at Go's zero time unless given, phase Running),
 * metrics as its fake metrics-server reports them (timestamp zero, window 1 min), and the
 * calculator with the test's flags (tolerance 0.1, CPU initialization 2 min, readiness delay 10 s).
 */
final class GoReplicaCalcCase {
  static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

  /** Go's time.Time{}, what the harness leaves in unset timestamps. */
  static final Instant GO_ZERO_TIME = Instant.parse("0001-01-01T00:00:00Z");

  /** hotCPUCreationTime(): a pod still inside the CPU initialization period. */
  static final Instant HOT = NOW;

  /** coolCPUCreationTime(): a pod past it. */
  static final Instant COOL = NOW.minus(Duration.ofMinutes(3));

  static final ReplicaCalculator.Settings TEST_SETTINGS =
      new ReplicaCalculator.Settings(
          Tolerances.symmetric(0.1), Duration.ofMinutes(2), Duration.ofSeconds(10));

  private static final int CONTAINERS_PER_POD = 2;

  private final int currentReplicas;
  private boolean[] readiness;
  private Instant[] startTimes;
  private PodPhase[] phases;
  private boolean[] deleting;
  private long[] requestsPerContainerMillis = {};
  private long[][] levels = {};
  private String[] metricPodNames = {};

  private GoReplicaCalcCase(int currentReplicas) {
    this.currentReplicas = currentReplicas;
  }

  static GoReplicaCalcCase currentReplicas(int currentReplicas) {
    return new GoReplicaCalcCase(currentReplicas);
  }

  GoReplicaCalcCase readiness(boolean... ready) {
    this.readiness = ready;
    return this;
  }

  GoReplicaCalcCase startTimes(Instant... times) {
    this.startTimes = times;
    return this;
  }

  GoReplicaCalcCase phases(PodPhase... podPhases) {
    this.phases = podPhases;
    return this;
  }

  GoReplicaCalcCase deleting(boolean... beingDeleted) {
    this.deleting = beingDeleted;
    return this;
  }

  /** The CPU request of each of a pod's two containers, by pod. */
  GoReplicaCalcCase requests(long... millisPerContainer) {
    this.requestsPerContainerMillis = millisPerContainer;
    return this;
  }

  /** makePodMetricLevels: both containers of pod i use {@code levels[i]} millicores. */
  GoReplicaCalcCase levels(long... perContainerMillis) {
    this.levels = new long[perContainerMillis.length][];
    for (int i = 0; i < perContainerMillis.length; i++) {
      long[] containers = new long[CONTAINERS_PER_POD];
      java.util.Arrays.fill(containers, perContainerMillis[i]);
      this.levels[i] = containers;
    }
    return this;
  }

  /** Metrics reported under other names than test-pod-i. */
  GoReplicaCalcCase metricPodNames(String... names) {
    this.metricPodNames = names;
    return this;
  }

  Outcome<ResourceReplicas> resourceReplicas(int targetUtilizationPercent) {
    return new ReplicaCalculator(TEST_SETTINGS)
        .resourceReplicas(currentReplicas, targetUtilizationPercent, pods(), metrics(), NOW);
  }

  Outcome<ExternalReplicas> externalReplicas(long targetMillis, long... valuesMillis) {
    return new ReplicaCalculator(TEST_SETTINGS)
        .externalReplicas(currentReplicas, targetMillis, boxed(valuesMillis), pods());
  }

  Outcome<ExternalReplicas> externalPerPodReplicas(long targetPerPodMillis, long... valuesMillis) {
    return new ReplicaCalculator(TEST_SETTINGS)
        .externalPerPodReplicas(currentReplicas, targetPerPodMillis, boxed(valuesMillis));
  }

  List<PodStatus> pods() {
    int count = Math.max(currentReplicas, phases == null ? 0 : phases.length);
    List<PodStatus> pods = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      boolean ready = readiness == null || i >= readiness.length || readiness[i];
      Instant start = startTimes == null ? GO_ZERO_TIME : startTimes[i];
      PodPhase phase = phases == null ? PodPhase.RUNNING : phases[i];
      boolean beingDeleted = deleting != null && deleting[i];
      OptionalLong request =
          i < requestsPerContainerMillis.length
              ? OptionalLong.of(CONTAINERS_PER_POD * requestsPerContainerMillis[i])
              : OptionalLong.empty();
      pods.add(
          new PodStatus(
              "test-pod-" + i,
              phase,
              beingDeleted,
              start,
              Optional.of(new ReadyCondition(ready, GO_ZERO_TIME)),
              request));
    }
    return pods;
  }

  Map<String, PodMetric> metrics() {
    Map<String, PodMetric> metrics = new HashMap<>();
    for (int i = 0; i < levels.length; i++) {
      String name = i < metricPodNames.length ? metricPodNames[i] : "test-pod-" + i;
      long sum = 0;
      for (long container : levels[i]) {
        sum += container;
      }
      metrics.put(name, new PodMetric(sum, GO_ZERO_TIME, Duration.ofMinutes(1)));
    }
    return metrics;
  }

  private static List<Long> boxed(long[] values) {
    List<Long> list = new ArrayList<>();
    for (long value : values) {
      list.add(value);
    }
    return list;
  }
}
