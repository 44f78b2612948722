package dev.headroom.sim.controllers;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What the HPA reads of a pod from the API server (not its metrics).
 *
 * @param name unique among the pods
 * @param phase its phase
 * @param deleting whether it has a deletion timestamp
 * @param startTime status.startTime, or null when not set
 * @param readyCondition its Ready condition, empty when it has none
 * @param cpuRequestMillis the sum of its containers' CPU requests, empty when a container has none
 */
public record PodStatus(
    String name,
    PodPhase phase,
    boolean deleting,
    Instant startTime,
    Optional<ReadyCondition> readyCondition,
    OptionalLong cpuRequestMillis) {
  public PodStatus {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(phase, "phase");
    Objects.requireNonNull(readyCondition, "readyCondition");
    Objects.requireNonNull(cpuRequestMillis, "cpuRequestMillis");
  }

  /** podutil.IsPodReady: the Ready condition is True. */
  public boolean isReady() {
    return readyCondition.map(ReadyCondition::ready).orElse(false);
  }
}
