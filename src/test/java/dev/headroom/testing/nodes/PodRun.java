package dev.headroom.testing.nodes;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * What a fake node has done with one pod so far: when it first saw it bound, and once started, its
 * IP and each container's runs. Immutable; a new value is kept only after the apiserver accepted
 * the status it implies.
 *
 * @param seen when the agent first saw the pod on one of its nodes
 * @param started when the pod's containers started, empty while it is still "pulling images"
 * @param podIp the pod's IP once started
 * @param containers each container's runs, by container name
 */
record PodRun(
    Instant seen, Optional<Instant> started, String podIp, Map<String, ContainerRun> containers) {

  PodRun {
    containers = Map.copyOf(containers);
  }

  static PodRun seen(Instant now) {
    return new PodRun(now, Optional.empty(), null, Map.of());
  }

  /**
   * One container's runs.
   *
   * @param restarts how often it was restarted (each time after an OOM kill)
   * @param startedAt when the current run started
   * @param previousStart when the run before the current one started, if there was one
   */
  record ContainerRun(int restarts, Instant startedAt, Optional<Instant> previousStart) {
    static ContainerRun first(Instant now) {
      return new ContainerRun(0, now, Optional.empty());
    }

    ContainerRun restarted(Instant now) {
      return new ContainerRun(restarts + 1, now, Optional.of(startedAt));
    }
  }
}
