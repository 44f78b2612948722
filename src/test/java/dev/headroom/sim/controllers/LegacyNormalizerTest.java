package dev.headroom.sim.controllers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headroom.engine.behavior.Reasons;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** horizontal.go's normalizeDesiredReplicas, for an HPA without spec.behavior. */
class LegacyNormalizerTest {
  private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

  private static Instant at(long second) {
    return T0.plusSeconds(second);
  }

  @Test
  @DisplayName("calculateScaleUpLimit: max(2 x current, 4)")
  void scaleUpLimit() {
    assertThat(LegacyNormalizer.scaleUpLimit(0)).isEqualTo(4);
    assertThat(LegacyNormalizer.scaleUpLimit(1)).isEqualTo(4);
    assertThat(LegacyNormalizer.scaleUpLimit(2)).isEqualTo(4);
    assertThat(LegacyNormalizer.scaleUpLimit(3)).isEqualTo(6);
    assertThat(LegacyNormalizer.scaleUpLimit(10)).isEqualTo(20);
  }

  @Test
  @DisplayName("convertDesiredReplicasWithRules: min, then the lower of max and the scale-up limit")
  void convertWithRules() {
    assertThat(LegacyNormalizer.convertWithRules(1, 10, 1, 20))
        .isEqualTo(new LegacyNormalizer.Result(4, Reasons.SCALE_UP_LIMIT, true));
    assertThat(LegacyNormalizer.convertWithRules(10, 30, 1, 15))
        .isEqualTo(new LegacyNormalizer.Result(15, Reasons.TOO_MANY_REPLICAS, true));
    assertThat(LegacyNormalizer.convertWithRules(5, 1, 2, 15))
        .isEqualTo(new LegacyNormalizer.Result(2, Reasons.TOO_FEW_REPLICAS, true));
    assertThat(LegacyNormalizer.convertWithRules(5, 3, 2, 15))
        .isEqualTo(new LegacyNormalizer.Result(3, Reasons.DESIRED_WITHIN_RANGE, false));
    // No rate limit on the way down: 10 straight to the minimum.
    assertThat(LegacyNormalizer.convertWithRules(10, 1, 1, 15).replicas()).isEqualTo(1);
  }

  @Test
  @DisplayName("The first sync's current count is a recommendation: no scale-down for 5 min")
  void initialRecommendationHoldsTheFirstFiveMinutes() {
    LegacyNormalizer normalizer = new LegacyNormalizer();

    LegacyNormalizer.Result first = normalizer.normalize(8, 2, 1, 20, at(0));
    LegacyNormalizer.Result atWindow = normalizer.normalize(8, 2, 1, 20, at(300));
    LegacyNormalizer.Result after = normalizer.normalize(8, 2, 1, 20, at(301));

    assertThat(first)
        .isEqualTo(new LegacyNormalizer.Result(8, Reasons.SCALE_DOWN_STABILIZED, false));
    assertThat(atWindow.replicas()).isEqualTo(8);
    assertThat(after)
        .isEqualTo(new LegacyNormalizer.Result(2, Reasons.DESIRED_WITHIN_RANGE, false));
  }

  @Test
  @DisplayName(
      "There is no scale-up window, but the highest recommendation of the window also raises a"
          + " later scale-up")
  void theWindowsMaximumAppliesToScaleUpsToo() {
    LegacyNormalizer normalizer = new LegacyNormalizer();

    LegacyNormalizer.Result first = normalizer.normalize(2, 20, 1, 100, at(0));
    LegacyNormalizer.Result second = normalizer.normalize(4, 5, 1, 100, at(15));
    LegacyNormalizer.Result third = normalizer.normalize(8, 5, 1, 100, at(30));

    assertThat(first).isEqualTo(new LegacyNormalizer.Result(4, Reasons.SCALE_UP_LIMIT, true));
    // The metrics now want 5, but 20 is in the window: 4 -> min(20, 2 x 4) = 8, then 16.
    assertThat(second.replicas()).isEqualTo(8);
    assertThat(third.replicas()).isEqualTo(16);
  }

  @Test
  @DisplayName("A count outside the bounds goes to them without recording a recommendation")
  void outOfRange() {
    LegacyNormalizer normalizer = new LegacyNormalizer();

    assertThat(normalizer.normalize(30, 1, 2, 20, at(0)))
        .isEqualTo(new LegacyNormalizer.Result(20, Reasons.TOO_MANY_REPLICAS, true));
    assertThat(normalizer.normalize(1, 50, 2, 20, at(15)))
        .isEqualTo(new LegacyNormalizer.Result(2, Reasons.TOO_FEW_REPLICAS, true));
    assertThat(normalizer.normalize(0, 50, 2, 20, at(30)))
        .isEqualTo(new LegacyNormalizer.Result(0, Reasons.SCALING_DISABLED, false));
    // Only the initial recommendation (30) was recorded.
    assertThat(normalizer.recordedRecommendations()).isEqualTo(1);
  }

  @Test
  @DisplayName("A shorter --horizontal-pod-autoscaler-downscale-stabilization shortens the hold")
  void configurableWindow() {
    LegacyNormalizer normalizer = new LegacyNormalizer(Duration.ofSeconds(60));

    assertThat(normalizer.normalize(8, 2, 1, 20, at(0)).replicas()).isEqualTo(8);
    assertThat(normalizer.normalize(8, 2, 1, 20, at(60)).replicas()).isEqualTo(8);
    assertThat(normalizer.normalize(8, 2, 1, 20, at(75)).replicas()).isEqualTo(2);
  }

  @Test
  @DisplayName("Outdated recommendations are overwritten, so the history stays bounded")
  void historyStaysBounded() {
    LegacyNormalizer normalizer = new LegacyNormalizer();
    for (long second = 0; second < 15 * 1000; second += 15) {
      normalizer.normalize(5, (int) (second % 7) + 1, 1, 20, at(second));
    }

    // 21 syncs fit in a 300 s window counted at both ends, plus the initial entry.
    assertThat(normalizer.recordedRecommendations()).isLessThanOrEqualTo(23);
  }
}
