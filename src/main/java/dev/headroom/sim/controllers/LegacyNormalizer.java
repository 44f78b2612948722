package dev.headroom.sim.controllers;

import dev.headroom.engine.behavior.Reasons;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What the HPA controller does with a recommendation when the HPA has no {@code spec.behavior}
 * (kubernetes/kubernetes pkg/controller/podautoscaler/horizontal.go: reconcileAutoscaler calls
 * normalizeDesiredReplicas when {@code hpa.Spec.Behavior == nil}, and the API server's
 * SetDefaults_HorizontalPodAutoscalerBehavior leaves a nil behavior nil). This is the HPA an
 * autoscaling/v2 object without {@code behavior} gets, and the HPA KEDA generates for a
 * ScaledObject without {@code advanced.horizontalPodAutoscalerConfig.behavior}.
 *
 * <ul>
 *   <li>stabilizeRecommendation: the result is the highest of this recommendation and every
 *       recorded one not older than {@code --horizontal-pod-autoscaler-downscale-stabilization}
 *       (default 5 min; a recommendation exactly that old still counts). It applies in both
 *       directions: there is no scale-up window, but a higher recommendation of the last 5 min also
 *       raises a scale-up. The recommendation is then recorded (over the newest outdated entry if
 *       there is one).
 *   <li>convertDesiredReplicasWithRules: at most {@code max(2 × current, 4)} (scaleUpLimitFactor
 *       2.0, scaleUpLimitMinimum 4.0, truncated to an integer), at most maxReplicas, at least
 *       minReplicas. No rate limit on scale-down.
 * </ul>
 *
 * <p>Before that, as in reconcileAutoscaler, a current count outside [min, max] goes straight to
 * the bound without reading metrics or recording a recommendation, and a current count of 0 with a
 * positive minimum means autoscaling is off. Mutable: one per autoscaler, like the controller's
 * {@code recommendations[key]}.
 */
public final class LegacyNormalizer {
  /** horizontal.go's scaleUpLimitFactor. */
  public static final double SCALE_UP_LIMIT_FACTOR = 2.0;

  /** horizontal.go's scaleUpLimitMinimum. */
  public static final double SCALE_UP_LIMIT_MINIMUM = 4.0;

  /** {@code --horizontal-pod-autoscaler-downscale-stabilization}'s default. */
  public static final Duration DEFAULT_DOWNSCALE_STABILIZATION = Duration.ofMinutes(5);

  /**
   * The outcome of one sync.
   *
   * @param replicas the count to apply
   * @param reason TooFewReplicas, TooManyReplicas or ScaleUpLimit when a bound held it (the HPA's
   *     ScalingLimited reason), else ScaleDownStabilized when the window raised it (the AbleToScale
   *     reason, which horizontal.go gives whichever way the count moves), else DesiredWithinRange;
   *     ScalingDisabled when the current count is 0
   * @param limited whether a bound held it (ScalingLimited=True)
   */
  public record Result(int replicas, String reason, boolean limited) {
    public Result {
      Objects.requireNonNull(reason, "reason");
    }
  }

  private record TimestampedRecommendation(int replicas, Instant at) {}

  private final Duration downscaleStabilization;
  private final List<TimestampedRecommendation> recommendations = new ArrayList<>();

  /** With {@code --horizontal-pod-autoscaler-downscale-stabilization=5m}, the default. */
  public LegacyNormalizer() {
    this(DEFAULT_DOWNSCALE_STABILIZATION);
  }

  public LegacyNormalizer(Duration downscaleStabilization) {
    Objects.requireNonNull(downscaleStabilization, "downscaleStabilization");
    if (downscaleStabilization.isNegative()) {
      throw new IllegalArgumentException("negative window: " + downscaleStabilization);
    }
    this.downscaleStabilization = downscaleStabilization;
  }

  /**
   * recordInitialRecommendation: on the autoscaler's first sync the current count becomes a
   * recommendation. The HPA does this before it reads metrics, so call it on every sync, also when
   * the metrics then fail.
   */
  public void recordInitialRecommendation(int currentReplicas, Instant now) {
    if (recommendations.isEmpty()) {
      recommendations.add(new TimestampedRecommendation(currentReplicas, now));
    }
  }

  /**
   * One sync's normalization of the metrics' recommendation.
   *
   * @param currentReplicas the target's spec.replicas
   * @param prenormalizedDesired what the metrics ask for (ignored when current is outside the
   *     bounds, where the HPA does not read them)
   */
  public Result normalize(
      int currentReplicas,
      int prenormalizedDesired,
      int minReplicas,
      int maxReplicas,
      Instant now) {
    Objects.requireNonNull(now, "now");
    if (minReplicas < 0 || maxReplicas < minReplicas) {
      throw new IllegalArgumentException("bad bounds [" + minReplicas + ", " + maxReplicas + "]");
    }
    recordInitialRecommendation(currentReplicas, now);
    if (currentReplicas == 0 && minReplicas != 0) {
      return new Result(0, Reasons.SCALING_DISABLED, false);
    }
    if (currentReplicas > maxReplicas) {
      return new Result(maxReplicas, Reasons.TOO_MANY_REPLICAS, true);
    }
    if (currentReplicas < minReplicas) {
      return new Result(minReplicas, Reasons.TOO_FEW_REPLICAS, true);
    }
    int stabilized = stabilize(prenormalizedDesired, now);
    Result converted = convertWithRules(currentReplicas, stabilized, minReplicas, maxReplicas);
    if (converted.limited()) {
      return converted;
    }
    if (stabilized != prenormalizedDesired) {
      return new Result(stabilized, Reasons.SCALE_DOWN_STABILIZED, false);
    }
    return converted;
  }

  /** How many recommendations are kept (bounded: outdated entries are overwritten). */
  int recordedRecommendations() {
    return recommendations.size();
  }

  /**
   * stabilizeRecommendation: the highest of {@code desired} and the recommendations not before
   * {@code now - window}; records {@code desired} over the last outdated entry, or appends it.
   */
  private int stabilize(int desired, Instant now) {
    Instant cutoff = now.minus(downscaleStabilization);
    int highest = desired;
    int outdatedIndex = -1;
    for (int i = 0; i < recommendations.size(); i++) {
      TimestampedRecommendation recommendation = recommendations.get(i);
      if (recommendation.at().isBefore(cutoff)) {
        outdatedIndex = i;
      } else if (recommendation.replicas() > highest) {
        highest = recommendation.replicas();
      }
    }
    TimestampedRecommendation fresh = new TimestampedRecommendation(desired, now);
    if (outdatedIndex >= 0) {
      recommendations.set(outdatedIndex, fresh);
    } else {
      recommendations.add(fresh);
    }
    return highest;
  }

  /** convertDesiredReplicasWithRules. */
  static Result convertWithRules(int current, int desired, int minReplicas, int maxReplicas) {
    int scaleUpLimit = scaleUpLimit(current);
    int maximumAllowed;
    String limitingReason;
    if (maxReplicas > scaleUpLimit) {
      maximumAllowed = scaleUpLimit;
      limitingReason = Reasons.SCALE_UP_LIMIT;
    } else {
      maximumAllowed = maxReplicas;
      limitingReason = Reasons.TOO_MANY_REPLICAS;
    }
    if (desired < minReplicas) {
      return new Result(minReplicas, Reasons.TOO_FEW_REPLICAS, true);
    }
    if (desired > maximumAllowed) {
      return new Result(maximumAllowed, limitingReason, true);
    }
    return new Result(desired, Reasons.DESIRED_WITHIN_RANGE, false);
  }

  /** calculateScaleUpLimit: {@code int32(max(2.0 × current, 4.0))}. */
  static int scaleUpLimit(int currentReplicas) {
    return (int) Math.max(SCALE_UP_LIMIT_FACTOR * currentReplicas, SCALE_UP_LIMIT_MINIMUM);
  }
}
