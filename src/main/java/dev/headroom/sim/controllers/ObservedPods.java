package dev.headroom.sim.controllers;

import dev.headroom.sim.Observation;
import dev.headroom.sim.PodView;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Reads an {@link Observation} as the HPA reads the API server and metrics-server.
 *
 * <p>What a {@link PodView} cannot say is filled in as follows. Every listed pod is Running (the
 * simulator models a starting pod as started but not yet Ready, and lists no terminating pods), so
 * a pod without a CPU sample is "missing", not Pending. Its start time (status.startTime) is its
 * creation time; a container restart does not change it, as it does not in Kubernetes. Its Ready
 * condition last changed when it became Ready, or at its start if it never was; for a pod that was
 * Ready and no longer is (its container was OOM-killed), the time it went unready is not in the
 * view and is taken as now. That changes no decision: within the CPU initialization period a pod
 * that is not Ready is set aside whatever the time, and after it the time only matters when it is
 * within the initial readiness delay of the pod's start, which a pod that has been Ready and is
 * still unready after the initialization period cannot be in the simulator (its first crash
 * restarts at once and it is Ready again within one start-up time).
 */
final class ObservedPods {
  private ObservedPods() {}

  static List<PodStatus> statuses(Observation observation) {
    long request = observation.resources().cpuRequestMillis();
    OptionalLong cpuRequest = request > 0 ? OptionalLong.of(request) : OptionalLong.empty();
    return observation.pods().stream()
        .map(pod -> status(pod, cpuRequest, observation.now()))
        .toList();
  }

  /** metrics-server's CPU samples by pod name, in millicores. */
  static Map<String, PodMetric> cpuMetrics(Observation observation, Duration metricsWindow) {
    Map<String, PodMetric> metrics = new HashMap<>();
    for (PodView pod : observation.pods()) {
      if (pod.hasCpuSample()) {
        Instant sampledAt = pod.cpuSampleAt() != null ? pod.cpuSampleAt() : observation.now();
        metrics.put(
            pod.name(), new PodMetric(millicores(pod.cpuCores()), sampledAt, metricsWindow));
      }
    }
    return metrics;
  }

  /** Like Quantity.MilliValue, which rounds up: 0.1234 cores is 124m. */
  static long millicores(double cores) {
    return BigDecimal.valueOf(cores)
        .movePointRight(3)
        .setScale(0, RoundingMode.CEILING)
        .longValue();
  }

  private static PodStatus status(PodView pod, OptionalLong cpuRequest, Instant now) {
    Instant lastTransition;
    if (pod.ready()) {
      lastTransition = pod.readySince() != null ? pod.readySince() : pod.createdAt();
    } else {
      lastTransition = pod.readySince() == null ? pod.createdAt() : now;
    }
    return new PodStatus(
        pod.name(),
        PodPhase.RUNNING,
        false,
        pod.createdAt(),
        Optional.of(new ReadyCondition(pod.ready(), lastTransition)),
        cpuRequest);
  }
}
