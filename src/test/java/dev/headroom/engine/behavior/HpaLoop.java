package dev.headroom.engine.behavior;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Drives {@link BehaviorNormalizer} the way the HPA's reconcile loop does: normalize, apply, then
 * record the scale event.
 */
final class HpaLoop {
  static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

  private final Behavior behavior;
  private final int minReplicas;
  private final int maxReplicas;
  private BehaviorState state = BehaviorState.empty();
  private int replicas;
  private final List<Normalized> history = new ArrayList<>();

  HpaLoop(Behavior behavior, int minReplicas, int maxReplicas, int replicas) {
    this.behavior = behavior;
    this.minReplicas = minReplicas;
    this.maxReplicas = maxReplicas;
    this.replicas = replicas;
  }

  /** One sync at {@code T0 + second} with the metrics asking for {@code desired}. */
  Normalized sync(long second, int desired) {
    Instant now = T0.plus(Duration.ofSeconds(second));
    Normalized normalized =
        BehaviorNormalizer.normalize(
            behavior, state, replicas, desired, minReplicas, maxReplicas, now);
    state = BehaviorNormalizer.recordScale(normalized.next(), replicas, normalized.replicas(), now);
    replicas = normalized.replicas();
    history.add(normalized);
    return normalized;
  }

  /**
   * Syncs every {@code step} seconds from {@code from} to {@code to} inclusive; the replicas after
   * each.
   */
  List<Integer> syncEvery(long step, long from, long to, int desired) {
    List<Integer> counts = new ArrayList<>();
    for (long second = from; second <= to; second += step) {
      counts.add(sync(second, desired).replicas());
    }
    return counts;
  }

  int replicas() {
    return replicas;
  }

  BehaviorState state() {
    return state;
  }
}
