package dev.headroom.engine.behavior;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The HPA's normalizeDesiredReplicasWithBehaviors with the branches of reconcileAutoscaler around
 * it, as pure functions over an immutable {@link BehaviorState}: stabilize the raw recommendation,
 * then limit its rate and bound it by min/max, then (our extension) hold it while the direction's
 * cooldown runs.
 */
public final class BehaviorNormalizer {
  private BehaviorNormalizer() {}

  /**
   * Turns this sync's raw recommendation into the replica count to apply.
   *
   * <p>As in the HPA, a current count outside [min, max] is corrected straight to the bound with no
   * stabilization, rate limit or cooldown, and a current count of 0 with a positive minimum means
   * autoscaling is switched off (the count stays 0).
   *
   * @param currentReplicas the target's spec.replicas
   * @param prenormalizedDesired the replica count the metrics ask for
   */
  public static Normalized normalize(
      Behavior behavior,
      BehaviorState state,
      int currentReplicas,
      int prenormalizedDesired,
      int minReplicas,
      int maxReplicas,
      Instant now) {
    Objects.requireNonNull(behavior, "behavior");
    Objects.requireNonNull(now, "now");
    if (minReplicas < 0 || maxReplicas < minReplicas) {
      throw new IllegalArgumentException("bad bounds [" + minReplicas + ", " + maxReplicas + "]");
    }
    BehaviorState seeded = recordInitialRecommendation(state, currentReplicas, now);
    Optional<Normalized> outOfRange =
        correctOutOfRange(seeded, currentReplicas, minReplicas, maxReplicas);
    if (outOfRange.isPresent()) {
      return outOfRange.get();
    }

    Stabilization.Stabilized stabilized =
        Stabilization.stabilize(
            behavior, seeded.recommendations(), currentReplicas, prenormalizedDesired, now);
    RateLimits.Limited rateLimited =
        RateLimits.limit(
            behavior,
            seeded,
            currentReplicas,
            stabilized.replicas(),
            minReplicas,
            maxReplicas,
            now);
    RateLimits.Limited cooled = Cooldowns.hold(behavior, seeded, currentReplicas, rateLimited, now);

    BehaviorState next =
        seeded
            .pruned(behavior, now)
            .withRecommendation(new Recommendation(now, prenormalizedDesired));
    boolean limited = cooled.replicas() != stabilized.replicas();
    String reason;
    if (limited) {
      reason = cooled.reason();
    } else if (stabilized.replicas() != prenormalizedDesired) {
      reason = stabilized.reason();
    } else {
      reason = Reasons.DESIRED_WITHIN_RANGE;
    }
    return new Normalized(cooled.replicas(), next, reason, limited);
  }

  /**
   * {@link #normalize} and, when the count changes, {@link #recordScale} in one step: for callers
   * whose decision is applied as made, so the scale event belongs in the state they keep.
   */
  public static Normalized normalizeAndRecord(
      Behavior behavior,
      BehaviorState state,
      int currentReplicas,
      int prenormalizedDesired,
      int minReplicas,
      int maxReplicas,
      Instant now) {
    Normalized normalized =
        normalize(
            behavior, state, currentReplicas, prenormalizedDesired, minReplicas, maxReplicas, now);
    return new Normalized(
        normalized.replicas(),
        recordScale(normalized.next(), currentReplicas, normalized.replicas(), now),
        normalized.reason(),
        normalized.limited());
  }

  /**
   * Records an applied change, like the HPA's storeScaleEvent after a successful rescale. A call
   * with equal counts changes nothing.
   */
  public static BehaviorState recordScale(
      BehaviorState state, int fromReplicas, int toReplicas, Instant now) {
    if (fromReplicas == toReplicas) {
      return state;
    }
    return state.withScaleEvent(new ScaleEvent(now, toReplicas - fromReplicas));
  }

  /**
   * The HPA's recordInitialRecommendation: on an autoscaler's first sync the current count becomes
   * a recommendation, so the scale-down window keeps it for its first minutes. The HPA does this
   * before it reads metrics, so a caller whose metrics fail should still call this.
   */
  public static BehaviorState recordInitialRecommendation(
      BehaviorState state, int currentReplicas, Instant now) {
    if (!state.recommendations().isEmpty()) {
      return state;
    }
    return state.withRecommendation(new Recommendation(now, currentReplicas));
  }

  private static Optional<Normalized> correctOutOfRange(
      BehaviorState state, int currentReplicas, int minReplicas, int maxReplicas) {
    if (currentReplicas == 0 && minReplicas != 0) {
      return Optional.of(new Normalized(0, state, Reasons.SCALING_DISABLED, false));
    }
    if (currentReplicas > maxReplicas) {
      return Optional.of(new Normalized(maxReplicas, state, Reasons.TOO_MANY_REPLICAS, true));
    }
    if (currentReplicas < minReplicas) {
      return Optional.of(new Normalized(minReplicas, state, Reasons.TOO_FEW_REPLICAS, true));
    }
    return Optional.empty();
  }
}
