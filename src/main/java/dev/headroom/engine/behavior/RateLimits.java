package dev.headroom.engine.behavior;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.IntBinaryOperator;

/**
 * The HPA's convertDesiredReplicasWithBehaviorRate and the limits it uses
 * (calculateScaleUpLimitWithScalingRules, calculateScaleDownLimitWithBehaviors,
 * getReplicasChangePerPeriod): how far the count may move now given the policies, the scale events
 * inside each policy's period, and min/max.
 */
public final class RateLimits {
  /**
   * @param replicas the count after rate limits and bounds
   * @param reason ScaleUpLimit, TooManyReplicas, ScaleDownLimit, TooFewReplicas or
   *     DesiredWithinRange
   */
  public record Limited(int replicas, String reason) {}

  private RateLimits() {}

  /** Applies the rate limit of the direction {@code desired} points in, then min/max. */
  public static Limited limit(
      Behavior behavior,
      BehaviorState state,
      int currentReplicas,
      int desired,
      int minReplicas,
      int maxReplicas,
      Instant now) {
    if (desired > currentReplicas) {
      int scaleUpLimit =
          Math.max(currentReplicas, scaleUpLimit(behavior.scaleUp(), state, currentReplicas, now));
      // Whichever ceiling is lower names the reason, even when the desired count is below both.
      if (maxReplicas > scaleUpLimit) {
        return desired > scaleUpLimit
            ? new Limited(scaleUpLimit, Reasons.SCALE_UP_LIMIT)
            : new Limited(desired, Reasons.DESIRED_WITHIN_RANGE);
      }
      return desired > maxReplicas
          ? new Limited(maxReplicas, Reasons.TOO_MANY_REPLICAS)
          : new Limited(desired, Reasons.DESIRED_WITHIN_RANGE);
    }
    if (desired < currentReplicas) {
      int scaleDownLimit =
          Math.min(
              currentReplicas, scaleDownLimit(behavior.scaleDown(), state, currentReplicas, now));
      if (minReplicas < scaleDownLimit) {
        return desired < scaleDownLimit
            ? new Limited(scaleDownLimit, Reasons.SCALE_DOWN_LIMIT)
            : new Limited(desired, Reasons.DESIRED_WITHIN_RANGE);
      }
      return desired < minReplicas
          ? new Limited(minReplicas, Reasons.TOO_FEW_REPLICAS)
          : new Limited(desired, Reasons.DESIRED_WITHIN_RANGE);
    }
    return new Limited(desired, Reasons.DESIRED_WITHIN_RANGE);
  }

  /**
   * The highest count the scale-up rules allow now; may be below the current count after many
   * recent scale-ups (callers then keep the current count).
   */
  public static int scaleUpLimit(
      DirectionRules rules, BehaviorState state, int currentReplicas, Instant now) {
    if (rules.selectPolicy() == SelectPolicy.DISABLED) {
      return currentReplicas;
    }
    // For scaling up the smallest change is the smallest count.
    boolean smallestChange = rules.selectPolicy() == SelectPolicy.MIN;
    IntBinaryOperator select = smallestChange ? Math::min : Math::max;
    int result = smallestChange ? Integer.MAX_VALUE : Integer.MIN_VALUE;
    for (ScalingPolicy policy : rules.policies()) {
      int periodStart = replicasAtPeriodStart(policy.period(), state, currentReplicas, now);
      int proposed =
          switch (policy.type()) {
            case PODS -> periodStart + policy.value();
            // Rounded up, or a small percentage of a small count would never add a pod.
            case PERCENT -> (int) Math.ceil(periodStart * (1 + policy.value() / 100.0));
          };
      result = select.applyAsInt(result, proposed);
    }
    return result;
  }

  /**
   * The lowest count the scale-down rules allow now; may be above the current count after many
   * recent scale-downs (callers then keep the current count).
   */
  public static int scaleDownLimit(
      DirectionRules rules, BehaviorState state, int currentReplicas, Instant now) {
    if (rules.selectPolicy() == SelectPolicy.DISABLED) {
      return currentReplicas;
    }
    // For scaling down the smallest change is the largest count.
    boolean smallestChange = rules.selectPolicy() == SelectPolicy.MIN;
    IntBinaryOperator select = smallestChange ? Math::max : Math::min;
    int result = smallestChange ? Integer.MIN_VALUE : Integer.MAX_VALUE;
    for (ScalingPolicy policy : rules.policies()) {
      int periodStart = replicasAtPeriodStart(policy.period(), state, currentReplicas, now);
      int proposed =
          switch (policy.type()) {
            case PODS -> periodStart - policy.value();
            // Truncated like Go's int32 conversion, i.e. the removal is rounded up.
            case PERCENT -> (int) (periodStart * (1 - policy.value() / 100.0));
          };
      result = select.applyAsInt(result, proposed);
    }
    return result;
  }

  /** The replica count at the start of a policy period, undoing the events inside it. */
  static int replicasAtPeriodStart(
      Duration period, BehaviorState state, int currentReplicas, Instant now) {
    int added = changeWithin(period, state.scaleUpEvents(), now);
    int removed = -changeWithin(period, state.scaleDownEvents(), now);
    return currentReplicas - added + removed;
  }

  /** The HPA's getReplicasChangePerPeriod: the sum of changes strictly inside the period. */
  public static int changeWithin(Duration period, List<ScaleEvent> events, Instant now) {
    Instant cutoff = now.minus(period);
    int sum = 0;
    for (ScaleEvent event : events) {
      if (event.at().isAfter(cutoff)) {
        sum += event.replicaChange();
      }
    }
    return sum;
  }
}
