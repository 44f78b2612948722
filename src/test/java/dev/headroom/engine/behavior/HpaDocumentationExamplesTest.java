package dev.headroom.engine.behavior;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The behavior examples of the HPA documentation (kubernetes/website
 * content/en/docs/tasks/run-application/horizontal-pod-autoscale.md, "Configurable scaling
 * behavior") replayed through {@link BehaviorNormalizer} with a sync every 15 s, as the HPA
 * controller runs. Fields a YAML example leaves out take the HPA's defaults, as the API server's
 * defaulting does.
 */
class HpaDocumentationExamplesTest {
  private static final Duration MINUTE = Duration.ofSeconds(60);

  @Test
  @DisplayName(
      "Scaling policies: 4 pods or 10 % per minute, 80 -> 10: 8 removed, then 8 (7.2 rounded up),"
          + " 4 at a time below 40")
  void scalingPoliciesExample() {
    Behavior behavior =
        Behavior.hpaDefaults()
            .withScaleDown(
                DirectionRules.hpaScaleDownDefaults()
                    .withPolicies(
                        List.of(ScalingPolicy.pods(4, MINUTE), ScalingPolicy.percent(10, MINUTE))));
    HpaLoop hpa = new HpaLoop(behavior, 1, 100, 80);

    // The default 300 s scale-down window holds 80 (the first sync's count) until it has passed.
    assertThat(hpa.syncEvery(15, 0, 285, 10)).containsOnly(80);
    assertThat(hpa.sync(300, 10).replicas()).isEqualTo(72);
    // Within the minute of the first step the 10 % policy still counts from 80.
    for (long second = 315; second < 360; second += 15) {
      Normalized held = hpa.sync(second, 10);
      assertThat(held.replicas()).isEqualTo(72);
      assertThat(held.reason()).isEqualTo(Reasons.SCALE_DOWN_LIMIT);
      assertThat(held.limited()).isTrue();
    }
    List<Integer> perMinute = new ArrayList<>();
    for (long second = 360; second <= 1140; second += 15) {
      int replicas = hpa.sync(second, 10).replicas();
      if ((second - 300) % 60 == 0) {
        perMinute.add(replicas);
      }
    }
    assertThat(perMinute).containsExactly(64, 57, 51, 45, 40, 36, 32, 28, 24, 20, 16, 12, 10, 10);
    // Below 40 replicas the Pods policy allows more than 10 %, so 4 go at a time.
    assertThat(List.of(36, 32, 28, 24, 20, 16, 12)).isSubsetOf(perMinute);
  }

  @Test
  @DisplayName("Example: limit scale down rate to 10 % per minute")
  void limitScaleDownRateToTenPercent() {
    Behavior behavior =
        Behavior.hpaDefaults()
            .withScaleDown(
                DirectionRules.hpaScaleDownDefaults()
                    .withPolicies(List.of(ScalingPolicy.percent(10, MINUTE))));
    HpaLoop hpa = new HpaLoop(behavior, 1, 100, 100);
    hpa.syncEvery(15, 0, 285, 1);

    List<Integer> perMinute = new ArrayList<>();
    for (long second = 300; second <= 480; second += 15) {
      int replicas = hpa.sync(second, 1).replicas();
      if (second % 60 == 0) {
        perMinute.add(replicas);
      }
    }
    assertThat(perMinute).containsExactly(90, 81, 72, 64);
  }

  @Test
  @DisplayName("Example: limit scale down rate, 10 % and 5 pods per minute with selectPolicy Min")
  void limitScaleDownRateWithMinSelectPolicy() {
    Behavior behavior =
        Behavior.hpaDefaults()
            .withScaleDown(
                DirectionRules.hpaScaleDownDefaults()
                    .withSelectPolicy(SelectPolicy.MIN)
                    .withPolicies(
                        List.of(ScalingPolicy.percent(10, MINUTE), ScalingPolicy.pods(5, MINUTE))));
    HpaLoop hpa = new HpaLoop(behavior, 1, 100, 100);
    hpa.syncEvery(15, 0, 285, 1);

    List<Integer> perMinute = new ArrayList<>();
    for (long second = 300; second <= 1500; second += 15) {
      int replicas = hpa.sync(second, 1).replicas();
      if (second % 60 == 0) {
        perMinute.add(replicas);
      }
    }
    // 5 pods a minute while 10 % is more than that; then 10 % (rounded up) is the smaller change.
    assertThat(perMinute.subList(0, 12))
        .containsExactly(95, 90, 85, 80, 75, 70, 65, 60, 55, 50, 45, 40);
    assertThat(perMinute.subList(12, 15)).containsExactly(36, 32, 28);
    for (int i = 1; i < perMinute.size(); i++) {
      assertThat(perMinute.get(i - 1) - perMinute.get(i)).isBetween(1, 5);
    }
  }

  @Test
  @DisplayName("Example: disable scale down (selectPolicy Disabled); scale-up still works")
  void disableScaleDown() {
    Behavior behavior =
        Behavior.hpaDefaults()
            .withScaleDown(
                DirectionRules.hpaScaleDownDefaults().withSelectPolicy(SelectPolicy.DISABLED));
    HpaLoop hpa = new HpaLoop(behavior, 1, 100, 10);

    assertThat(hpa.syncEvery(15, 0, 1200, 1)).containsOnly(10);
    assertThat(hpa.sync(1215, 1).reason()).isEqualTo(Reasons.SCALE_DOWN_LIMIT);
    assertThat(hpa.sync(1230, 30).replicas()).isEqualTo(20);
  }

  @Test
  @DisplayName("Example: change downscale stabilization window to 60 s")
  void changeDownscaleStabilizationWindow() {
    Behavior oneMinute =
        Behavior.hpaDefaults()
            .withScaleDown(DirectionRules.hpaScaleDownDefaults().withStabilizationWindow(MINUTE));
    HpaLoop shortWindow = new HpaLoop(oneMinute, 1, 100, 5);
    HpaLoop defaultWindow = new HpaLoop(Behavior.hpaDefaults(), 1, 100, 5);

    assertThat(shortWindow.syncEvery(15, 0, 45, 2)).containsOnly(5);
    assertThat(shortWindow.sync(60, 2).replicas()).isEqualTo(2);
    assertThat(defaultWindow.syncEvery(15, 0, 285, 2)).containsOnly(5);
    assertThat(defaultWindow.sync(300, 2).replicas()).isEqualTo(2);
  }

  @Test
  @DisplayName(
      "Default behavior: scale up by 4 pods or 100 % every 15 s; scale down to the minimum after"
          + " 300 s")
  void defaultBehavior() {
    HpaLoop hpa = new HpaLoop(Behavior.hpaDefaults(), 1, 100, 1);

    assertThat(hpa.syncEvery(15, 0, 75, 100)).containsExactly(5, 10, 20, 40, 80, 100);
    // The last 100 was recommended at 75 s; 300 s later nothing in the window says more than 1.
    assertThat(hpa.syncEvery(15, 90, 360, 1)).containsOnly(100);
    Normalized down = hpa.sync(375, 1);
    assertThat(down.replicas()).isEqualTo(1);
    assertThat(down.reason()).isEqualTo(Reasons.DESIRED_WITHIN_RANGE);
  }

  @Test
  @DisplayName("Stabilization window: scale-down uses the highest recommendation of the last 5 min")
  void stabilizationWindowUsesHighestRecommendation() {
    HpaLoop hpa = new HpaLoop(Behavior.hpaDefaults(), 1, 100, 10);
    hpa.sync(0, 10);
    hpa.sync(15, 8);
    hpa.sync(30, 6);
    Normalized stabilized = hpa.sync(45, 3);

    assertThat(stabilized.replicas()).isEqualTo(10);
    assertThat(stabilized.reason()).isEqualTo(Reasons.SCALE_DOWN_STABILIZED);
    assertThat(stabilized.limited()).isFalse();
    // 10 was recommended at 0 s, 8 at 15 s: at 301 s only 8 and later remain in the window.
    assertThat(hpa.sync(301, 3).replicas()).isEqualTo(8);
  }

  @Test
  @DisplayName("Scale up by 90 % per 15 s (rounded up): 10 -> 19 -> 37 -> 71")
  void scaleUpNinetyPercentPerFifteenSeconds() {
    Behavior behavior =
        Behavior.hpaDefaults()
            .withScaleUp(
                DirectionRules.hpaScaleUpDefaults()
                    .withPolicies(List.of(ScalingPolicy.percent(90, Duration.ofSeconds(15)))));
    HpaLoop hpa = new HpaLoop(behavior, 1, 1000, 10);

    assertThat(hpa.syncEvery(15, 0, 45, 500)).containsExactly(19, 37, 71, 135);
  }

  @Test
  @DisplayName("Percent policies use Go's float64 arithmetic: 100 + 10 % proposes 111, not 110")
  void percentPolicyKeepsTheHpaFloatingPointRounding() {
    DirectionRules tenPercent =
        DirectionRules.hpaScaleUpDefaults()
            .withPolicies(List.of(ScalingPolicy.percent(10, Duration.ofSeconds(60))));

    // float64(100) * (1 + 10/100) is 110.00000000000001 and the HPA takes its ceiling.
    assertThat(RateLimits.scaleUpLimit(tenPercent, BehaviorState.empty(), 100, HpaLoop.T0))
        .isEqualTo(111);
    assertThat(RateLimits.scaleUpLimit(tenPercent, BehaviorState.empty(), 20, HpaLoop.T0))
        .isEqualTo(22);
  }
}
