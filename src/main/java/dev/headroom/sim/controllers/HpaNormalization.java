package dev.headroom.sim.controllers;

import dev.headroom.engine.behavior.Behavior;
import dev.headroom.engine.behavior.BehaviorNormalizer;
import dev.headroom.engine.behavior.BehaviorState;
import dev.headroom.engine.behavior.Normalized;
import java.time.Duration;
import java.time.Instant;

/**
 * The HPA controller's choice in reconcileAutoscaler (horizontal.go): with a {@code spec.behavior}
 * it normalizes with normalizeDesiredReplicasWithBehaviors ({@link BehaviorNormalizer}), without
 * one with normalizeDesiredReplicas ({@link LegacyNormalizer}). Keeps the autoscaler's history
 * between syncs; a scale is recorded as applied, since the simulator applies every decision.
 */
final class HpaNormalization {
  /** The count to apply and why, in the HPA's condition reasons. */
  record Decision(int replicas, String reason) {}

  private final Behavior behavior;
  private final LegacyNormalizer legacy;
  private BehaviorState state = BehaviorState.empty();

  /**
   * @param behavior spec.behavior after defaulting, or null when the HPA has none
   * @param downscaleStabilization {@code --horizontal-pod-autoscaler-downscale-stabilization}, the
   *     window of the legacy path
   */
  HpaNormalization(Behavior behavior, Duration downscaleStabilization) {
    this.behavior = behavior;
    this.legacy = behavior == null ? new LegacyNormalizer(downscaleStabilization) : null;
  }

  /** Called on every sync before the metrics are read, as reconcileAutoscaler does. */
  void recordInitialRecommendation(int currentReplicas, Instant now) {
    if (legacy != null) {
      legacy.recordInitialRecommendation(currentReplicas, now);
    } else {
      state = BehaviorNormalizer.recordInitialRecommendation(state, currentReplicas, now);
    }
  }

  Decision normalize(
      int currentReplicas, int desired, int minReplicas, int maxReplicas, Instant now) {
    if (legacy != null) {
      LegacyNormalizer.Result result =
          legacy.normalize(currentReplicas, desired, minReplicas, maxReplicas, now);
      return new Decision(result.replicas(), result.reason());
    }
    Normalized normalized =
        BehaviorNormalizer.normalizeAndRecord(
            behavior, state, currentReplicas, desired, minReplicas, maxReplicas, now);
    state = normalized.next();
    return new Decision(normalized.replicas(), normalized.reason());
  }
}
