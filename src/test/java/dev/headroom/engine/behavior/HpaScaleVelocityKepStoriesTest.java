package dev.headroom.engine.behavior;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The user stories of KEP-853 "Configurable scale up/down velocity for HPA"
 * (kubernetes/enhancements keps/sig-autoscaling/853-configurable-hpa-scale-velocity), whose worked
 * examples define what {@code spec.behavior} does.
 */
class HpaScaleVelocityKepStoriesTest {
  private static final Duration MINUTE = Duration.ofSeconds(60);

  @Test
  @DisplayName("Story 1: scale up as fast as possible, 900 % per minute: 1 -> 10 -> 100 -> 1000")
  void scaleUpAsFastAsPossible() {
    HpaLoop hpa = new HpaLoop(ninetyPercentUp(), 1, 1000, 1);

    List<Integer> counts = hpa.syncEvery(15, 0, 180, 1000);

    assertThat(counts.get(0)).isEqualTo(10);
    assertThat(counts.subList(0, 4)).containsOnly(10);
    assertThat(counts.get(4)).isEqualTo(100);
    assertThat(counts.get(8)).isEqualTo(1000);
  }

  @Test
  @DisplayName("Story 2: scale down very gradually, one pod every 10 minutes")
  void scaleDownVeryGradually() {
    Behavior behavior =
        ninetyPercentUp()
            .withScaleDown(
                DirectionRules.hpaScaleDownDefaults()
                    .withPolicies(List.of(ScalingPolicy.pods(1, Duration.ofSeconds(600)))));
    HpaLoop hpa = new HpaLoop(behavior, 1, 1000, 1);
    hpa.syncEvery(15, 0, 705, 1000);
    assertThat(hpa.replicas()).isEqualTo(1000);

    // The last 1000 was recommended at 705 s; the 300 s window releases it at 1005 s. The
    // scale-ups (the last at 120 s) are older than the 600 s period by then: inside it, they would
    // lower the period's starting count and let the count fall back at once (see
    // HpaScalingWithRulesTest).
    assertThat(hpa.syncEvery(15, 720, 990, 1)).containsOnly(1000);
    assertThat(hpa.syncEvery(15, 1005, 1590, 1)).containsOnly(999);
    assertThat(hpa.sync(1605, 1).replicas()).isEqualTo(998);
  }

  @Test
  @DisplayName("Story 3: scale up very gradually, one pod per 5 minutes: 1 -> 2 -> 3 -> 4")
  void scaleUpVeryGradually() {
    Behavior behavior =
        Behavior.hpaDefaults()
            .withScaleUp(
                DirectionRules.hpaScaleUpDefaults()
                    .withPolicies(List.of(ScalingPolicy.pods(1, Duration.ofSeconds(300)))));
    HpaLoop hpa = new HpaLoop(behavior, 1, 100, 1);

    assertThat(hpa.sync(0, 10).replicas()).isEqualTo(2);
    assertThat(hpa.syncEvery(15, 15, 285, 10)).containsOnly(2);
    assertThat(hpa.sync(300, 10).replicas()).isEqualTo(3);
    assertThat(hpa.sync(600, 10).replicas()).isEqualTo(4);
  }

  @Test
  @DisplayName("Story 4: scale up as usual, do not scale down")
  void scaleUpAsUsualNeverDown() {
    Behavior behavior =
        Behavior.hpaDefaults()
            .withScaleDown(
                DirectionRules.hpaScaleDownDefaults().withSelectPolicy(SelectPolicy.DISABLED));
    HpaLoop hpa = new HpaLoop(behavior, 1, 100, 2);

    assertThat(hpa.syncEvery(15, 0, 30, 50)).containsExactly(6, 12, 24);
    assertThat(hpa.syncEvery(15, 45, 3600, 1)).containsOnly(24);
  }

  @Test
  @DisplayName(
      "Story 5: stabilization before scaling down, 600 s window and 5 pods per minute: picks the"
          + " largest of [10, 9, 8, 9, 9, 8, 9, 8, 9, 8], then of [9, ..., 7]")
  void stabilizationBeforeScalingDown() {
    Behavior behavior =
        Behavior.hpaDefaults()
            .withScaleDown(
                new DirectionRules(
                    Duration.ofSeconds(600),
                    SelectPolicy.MAX,
                    List.of(ScalingPolicy.pods(5, MINUTE)),
                    Duration.ZERO));
    HpaLoop hpa = new HpaLoop(behavior, 1, 100, 10);
    int[] recommendations = {10, 9, 8, 9, 9, 8, 9, 8, 9, 8};

    for (int minute = 0; minute < recommendations.length; minute++) {
      assertThat(hpa.sync(minute * 60L, recommendations[minute]).replicas()).isEqualTo(10);
    }
    Normalized eleventhMinute = hpa.sync(600, 7);

    assertThat(eleventhMinute.replicas()).isEqualTo(9);
    assertThat(eleventhMinute.reason()).isEqualTo(Reasons.SCALE_DOWN_STABILIZED);
  }

  @Test
  @DisplayName(
      "Story 6: avoid false positive signals for scaling up, 300 s window: picks the smallest of"
          + " [2, 3, 19, 10, 3, 4], then of [3, 19, 10, 3, 4, 7]")
  void avoidFalsePositivesWhenScalingUp() {
    Behavior behavior =
        Behavior.hpaDefaults()
            .withScaleUp(
                new DirectionRules(
                    Duration.ofSeconds(300),
                    SelectPolicy.MAX,
                    List.of(ScalingPolicy.pods(20, MINUTE)),
                    Duration.ZERO));
    HpaLoop hpa = new HpaLoop(behavior, 1, 100, 2);
    int[] recommendations = {2, 3, 19, 10, 3};
    for (int minute = 0; minute < recommendations.length; minute++) {
      assertThat(hpa.sync(minute * 60L, recommendations[minute]).replicas()).isEqualTo(2);
    }

    // The KEP counts six one-minute samples in a 300 s window; the HPA keeps a recommendation
    // only while it is strictly younger than the window, so the sixth sync comes at 299 s.
    Normalized sixth = hpa.sync(299, 4);
    assertThat(sixth.replicas()).isEqualTo(2);
    assertThat(sixth.reason()).isEqualTo(Reasons.SCALE_UP_STABILIZED);
    assertThat(hpa.sync(359, 7).replicas()).isEqualTo(3);
  }

  private static Behavior ninetyPercentUp() {
    return Behavior.hpaDefaults()
        .withScaleUp(
            DirectionRules.hpaScaleUpDefaults()
                .withPolicies(List.of(ScalingPolicy.percent(900, MINUTE))));
  }
}
