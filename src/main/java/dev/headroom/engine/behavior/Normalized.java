package dev.headroom.engine.behavior;

import java.util.Objects;

/**
 * The outcome of {@link BehaviorNormalizer#normalize}.
 *
 * @param replicas the replica count to apply
 * @param next the history to pass to the next call; it holds the scale event only when it came from
 *     {@link BehaviorNormalizer#normalizeAndRecord}
 * @param reason in the HPA's words: why the count is what it is (DesiredWithinRange,
 *     ScaleUpStabilized, ScaleDownStabilized, ScaleUpLimit, ScaleDownLimit, TooManyReplicas,
 *     TooFewReplicas, ScalingDisabled) or our ScaleUpCooldown / ScaleDownCooldown
 * @param limited whether a bound, a rate policy or a cooldown held the count back from the
 *     stabilized recommendation (the HPA's ScalingLimited condition)
 */
public record Normalized(int replicas, BehaviorState next, String reason, boolean limited) {
  public Normalized {
    Objects.requireNonNull(next, "next");
    Objects.requireNonNull(reason, "reason");
  }
}
