package dev.headroom.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * OOM kills as evidence about load, when resources cannot absorb them (resources {@code Off}): a
 * pod killed by its working set at a load per Ready pod says that load is too much for this pod's
 * memory limit, since the working set grows with the requests in flight. The point is kept with the
 * latency budgets' overload points (under {@link #KEY}) and fades the same way.
 */
final class OomEvidence {
  /** The overload key of OOM kills; no budget has this name. */
  static final String KEY = "memory/oom-kill";

  /** How long after a recorded kill further kills count as the same episode. */
  static final Duration EPISODE = Duration.ofMinutes(5);

  private OomEvidence() {}

  /** Records the newest OOM kill not yet recorded, at the request rate per replica now. */
  static CapacityEstimate learn(
      EngineInput input, CapacityEstimate capacity, Optional<Sample> requestRate) {
    if (input.policy().resources().mode() != ResourceMode.OFF
        || requestRate.isEmpty()
        || input.workload().specReplicas() < 1) {
      return capacity;
    }
    Instant recorded =
        Optional.ofNullable(capacity.overloads().get(KEY))
            .map(CapacityEstimate.Overload::at)
            .orElse(Instant.MIN);
    Optional<Instant> newest =
        input.workload().oomKills().values().stream()
            .flatMap(List::stream)
            .filter(at -> at.isAfter(recorded) && !at.isAfter(input.now()))
            .max(Instant::compareTo);
    if (newest.isEmpty()) {
      return capacity;
    }
    if (newest.get().isBefore(recorded.plus(EPISODE))) {
      // Kills that follow a recorded one are its consequences: restarted pods take the backlog
      // and the load of the pods still down, so the load per replica they died at says nothing.
      return capacity;
    }
    double perReplica = requestRate.get().value() / input.workload().specReplicas();
    return capacity.withOverloadEvidence(KEY, true, perReplica, newest.get());
  }

  /** The fewest replicas that keep the planned load under the kill point, if there is one. */
  static OptionalInt floor(
      EngineInput input, CapacityEstimate capacity, Optional<LoadTrend> trend, double share) {
    double point = capacity.overloadedAtRpsPerReplica(KEY, input.now());
    if (trend.isEmpty() || !Double.isFinite(point) || point <= 0) {
      return OptionalInt.empty();
    }
    int max = input.policy().maxReplicas();
    return OptionalInt.of(
        Math.min(max, (int) Math.ceil(trend.get().projected() / (share * point) - 1e-9)));
  }
}
