package dev.headroom.engine.behavior;

import java.time.Instant;
import java.util.List;

/**
 * The HPA's stabilizeRecommendationWithBehaviors: brings the recommendation between the lowest
 * recommendation of the scale-up window and the highest of the scale-down window, starting from the
 * current count, so a change happens only when every recommendation in the window agrees on it.
 */
public final class Stabilization {
  /**
   * @param replicas the stabilized recommendation
   * @param reason ScaleUpStabilized or ScaleDownStabilized by the direction the raw recommendation
   *     pointed; meaningful only when {@code replicas} differs from it
   */
  public record Stabilized(int replicas, String reason) {}

  private Stabilization() {}

  /**
   * @param recommendations the recorded recommendations, not yet including {@code desired}
   * @param desired this sync's unstabilized recommendation, which takes part in both windows
   */
  public static Stabilized stabilize(
      Behavior behavior,
      List<Recommendation> recommendations,
      int currentReplicas,
      int desired,
      Instant now) {
    Instant upCutoff = now.minus(behavior.scaleUp().stabilizationWindow());
    Instant downCutoff = now.minus(behavior.scaleDown().stabilizationWindow());
    int upRecommendation = desired;
    int downRecommendation = desired;
    for (Recommendation recommendation : recommendations) {
      if (recommendation.at().isAfter(upCutoff)) {
        upRecommendation = Math.min(recommendation.replicas(), upRecommendation);
      }
      if (recommendation.at().isAfter(downCutoff)) {
        downRecommendation = Math.max(recommendation.replicas(), downRecommendation);
      }
    }
    int stabilized = currentReplicas;
    if (stabilized < upRecommendation) {
      stabilized = upRecommendation;
    }
    if (stabilized > downRecommendation) {
      stabilized = downRecommendation;
    }
    String reason =
        desired >= currentReplicas ? Reasons.SCALE_UP_STABILIZED : Reasons.SCALE_DOWN_STABILIZED;
    return new Stabilized(stabilized, reason);
  }
}
