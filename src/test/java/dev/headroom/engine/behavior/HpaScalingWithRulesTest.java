package dev.headroom.engine.behavior;

import static dev.headroom.engine.behavior.GoHpaFixtures.NOW;
import static dev.headroom.engine.behavior.GoHpaFixtures.down;
import static dev.headroom.engine.behavior.GoHpaFixtures.generateScalingRules;
import static dev.headroom.engine.behavior.GoHpaFixtures.up;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The rate-limit cases of kubernetes/kubernetes pkg/controller/podautoscaler/horizontal_test.go,
 * run against {@link RateLimits#limit} (the port of convertDesiredReplicasWithBehaviorRate). A nil
 * rule set in Go is the HPA default here, as GenerateHPAScale{Up,Down}Rules makes it.
 */
class HpaScalingWithRulesTest {
  record Case(
      String name,
      List<ScaleEvent> scaleUpEvents,
      List<ScaleEvent> scaleDownEvents,
      int minReplicas,
      int maxReplicas,
      DirectionRules scaleUpRules,
      DirectionRules scaleDownRules,
      int currentReplicas,
      int prenormalizedDesired,
      int expectedReplicas,
      String expectedCondition) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static final DirectionRules DEFAULT_UP = DirectionRules.hpaScaleUpDefaults();
  private static final DirectionRules DEFAULT_DOWN = DirectionRules.hpaScaleDownDefaults();
  private static final List<ScaleEvent> NONE = List.of();

  static Stream<Case> scalingWithRules() {
    return Stream.of(
        new Case(
            "prenormalized desired replicas within range",
            NONE,
            NONE,
            3,
            8,
            DEFAULT_UP,
            DEFAULT_DOWN,
            5,
            7,
            7,
            "DesiredWithinRange"),
        new Case(
            "prenormalized desired replicas < minReplicas",
            NONE,
            NONE,
            2,
            8,
            DEFAULT_UP,
            DEFAULT_DOWN,
            3,
            1,
            2,
            "TooFewReplicas"),
        new Case(
            "prenormalized desired replicas within range when minReplicas is 0",
            NONE,
            NONE,
            0,
            10,
            DEFAULT_UP,
            DEFAULT_DOWN,
            1,
            0,
            0,
            "DesiredWithinRange"),
        new Case(
            "maxReplicas is the limit because maxReplicas < scaleUpLimit",
            NONE,
            NONE,
            1,
            10,
            DEFAULT_UP,
            DEFAULT_DOWN,
            20,
            1000,
            10,
            "TooManyReplicas"),
        new Case(
            "desired replica count is more than the maximum replica count",
            NONE,
            NONE,
            100,
            150,
            DEFAULT_UP,
            DEFAULT_DOWN,
            100,
            1000,
            150,
            "TooManyReplicas"),
        new Case(
            "scaleUpLimit is the limit because scaleUpLimit < maxReplicas with user policies",
            NONE,
            NONE,
            1,
            2000,
            generateScalingRules(0, 0, 1, 60, 0),
            DEFAULT_DOWN,
            3,
            1000,
            4,
            "ScaleUpLimit"),
        new Case(
            "scaleDownLimit is the limit because scaleDownLimit > minReplicas with user"
                + " defined policies (skipped in Go by its testThis flag)",
            NONE,
            NONE,
            3,
            2000,
            DEFAULT_UP,
            generateScalingRules(20, 60, 0, 0, 0),
            1000,
            3,
            980,
            "ScaleDownLimit"),
        new Case(
            "scaleUp with default behavior",
            NONE,
            NONE,
            1,
            1000,
            DEFAULT_UP,
            DEFAULT_DOWN,
            10,
            50,
            20,
            "ScaleUpLimit"),
        new Case(
            "scaleUp with pods policy larger than percent policy",
            NONE,
            NONE,
            1,
            1000,
            generateScalingRules(100, 60, 100, 60, 0),
            DEFAULT_DOWN,
            10,
            500,
            110,
            "ScaleUpLimit"),
        new Case(
            "scaleUp with percent policy larger than pods policy",
            NONE,
            NONE,
            1,
            1000,
            generateScalingRules(2, 60, 100, 60, 0),
            DEFAULT_DOWN,
            10,
            500,
            20,
            "ScaleUpLimit"),
        new Case(
            "scaleUp with spec MaxReplicas limitation with large pod policy",
            NONE,
            NONE,
            1,
            1000,
            generateScalingRules(100, 60, 0, 0, 0),
            DEFAULT_DOWN,
            10,
            50,
            50,
            "DesiredWithinRange"),
        new Case(
            "scaleUp with spec MaxReplicas limitation with large percent policy",
            NONE,
            NONE,
            1,
            1000,
            generateScalingRules(10000, 60, 0, 0, 0),
            DEFAULT_DOWN,
            10,
            50,
            50,
            "DesiredWithinRange"),
        new Case(
            "scaleUp with pod policy limitation",
            NONE,
            NONE,
            1,
            1000,
            generateScalingRules(30, 60, 0, 0, 0),
            DEFAULT_DOWN,
            10,
            50,
            40,
            "ScaleUpLimit"),
        new Case(
            "scaleUp with percent policy limitation",
            NONE,
            NONE,
            1,
            1000,
            generateScalingRules(0, 0, 200, 60, 0),
            DEFAULT_DOWN,
            10,
            50,
            30,
            "ScaleUpLimit"),
        new Case(
            "scaleDown with percent policy larger than pod policy",
            NONE,
            NONE,
            1,
            1000,
            DEFAULT_UP,
            generateScalingRules(20, 60, 1, 60, 300),
            100,
            2,
            80,
            "ScaleDownLimit"),
        new Case(
            "scaleDown with pod policy larger than percent policy",
            NONE,
            NONE,
            1,
            1000,
            DEFAULT_UP,
            generateScalingRules(2, 60, 1, 60, 300),
            100,
            2,
            98,
            "ScaleDownLimit"),
        new Case(
            "scaleDown with spec MinReplicas=nil limitation with large pod policy",
            NONE,
            NONE,
            1,
            1000,
            DEFAULT_UP,
            generateScalingRules(100, 60, 0, 0, 300),
            10,
            0,
            1,
            "TooFewReplicas"),
        new Case(
            "scaleDown with spec MinReplicas limitation with large percent policy",
            NONE,
            NONE,
            5,
            1000,
            DEFAULT_UP,
            generateScalingRules(0, 0, 100, 60, 300),
            10,
            2,
            5,
            "TooFewReplicas"),
        new Case(
            "scaleDown with pod policy limitation",
            NONE,
            NONE,
            1,
            1000,
            DEFAULT_UP,
            generateScalingRules(5, 60, 0, 0, 300),
            10,
            2,
            5,
            "ScaleDownLimit"),
        new Case(
            "scaleDown with percent policy limitation",
            NONE,
            NONE,
            1,
            1000,
            DEFAULT_UP,
            generateScalingRules(0, 0, 50, 60, 300),
            10,
            5,
            5,
            "DesiredWithinRange"),
        new Case(
            "scaleUp with spec MaxReplicas limitation with large pod policy and events",
            up(120, 1, 5, 9),
            NONE,
            1,
            200,
            generateScalingRules(300, 60, 0, 0, 0),
            DEFAULT_DOWN,
            100,
            500,
            200,
            "TooManyReplicas"),
        new Case(
            "scaleUp with spec MaxReplicas limitation with large percent policy and events",
            up(120, 1, 5, 9),
            NONE,
            1,
            200,
            generateScalingRules(0, 0, 10000, 60, 0),
            DEFAULT_DOWN,
            100,
            500,
            200,
            "TooManyReplicas"),
        new Case(
            "scaleUp with currentReplicas limitation with rate.PeriodSeconds with a lot of"
                + " recent scale up events",
            up(120, 1, 5, 9),
            NONE,
            1,
            1000,
            generateScalingRules(5, 120, 0, 0, 0),
            DEFAULT_DOWN,
            100,
            500,
            100,
            "ScaleUpLimit"),
        new Case(
            "scaleUp with pod policy and previous scale up events",
            up(120, 1, 5, 9),
            NONE,
            1,
            1000,
            generateScalingRules(150, 120, 0, 0, 0),
            DEFAULT_DOWN,
            100,
            500,
            235,
            "ScaleUpLimit"),
        new Case(
            "scaleUp with percent policy and previous scale up events",
            up(120, 1, 5, 9),
            NONE,
            1,
            1000,
            generateScalingRules(0, 0, 200, 120, 0),
            DEFAULT_DOWN,
            100,
            500,
            255,
            "ScaleUpLimit"),
        new Case(
            "scaleUp with percent policy and previous scale up and down events",
            up(120, 4),
            down(120, 2),
            1,
            1000,
            generateScalingRules(0, 0, 300, 300, 0),
            DEFAULT_DOWN,
            6,
            24,
            16,
            "ScaleUpLimit"),
        new Case(
            "scaleDown with default policy and previous events",
            NONE,
            down(120, 1, 5, 9),
            1,
            1000,
            DEFAULT_UP,
            DEFAULT_DOWN,
            10,
            5,
            5,
            "DesiredWithinRange"),
        new Case(
            "scaleDown with spec MinReplicas=nil limitation with large pod policy and"
                + " previous events",
            NONE,
            down(120, 1, 5, 9),
            1,
            1000,
            DEFAULT_UP,
            generateScalingRules(115, 120, 0, 0, 300),
            100,
            0,
            1,
            "TooFewReplicas"),
        new Case(
            "scaleDown with spec MinReplicas limitation with large pod policy and previous"
                + " events",
            NONE,
            down(120, 1, 5, 9),
            5,
            1000,
            DEFAULT_UP,
            generateScalingRules(130, 120, 0, 0, 300),
            100,
            0,
            5,
            "TooFewReplicas"),
        new Case(
            "scaleDown with spec MinReplicas limitation with large percent policy and"
                + " previous events",
            NONE,
            down(120, 1, 5, 9),
            5,
            1000,
            DEFAULT_UP,
            generateScalingRules(0, 0, 100, 120, 300),
            100,
            2,
            5,
            "TooFewReplicas"),
        new Case(
            "scaleDown with pod policy limitation and previous events",
            NONE,
            down(120, 1, 5, 9),
            1,
            1000,
            DEFAULT_UP,
            generateScalingRules(5, 120, 0, 0, 300),
            100,
            2,
            100,
            "ScaleDownLimit"),
        new Case(
            "scaleDown with percent policy limitation and previous events",
            NONE,
            down(120, 2, 4, 6),
            1,
            1000,
            DEFAULT_UP,
            generateScalingRules(0, 0, 50, 120, 300),
            100,
            0,
            56,
            "ScaleDownLimit"),
        new Case(
            "scaleDown with percent policy and previous scale up and down events",
            up(120, 2),
            down(120, 4),
            1,
            1000,
            DEFAULT_UP,
            generateScalingRules(0, 0, 50, 180, 0),
            10,
            1,
            6,
            "ScaleDownLimit"),
        new Case(
            "scaleDown with previous events preventing further scale down",
            NONE,
            down(120, 10, 10, 10),
            1,
            1000,
            DEFAULT_UP,
            generateScalingRules(0, 0, 10, 120, 300),
            100,
            0,
            100,
            "ScaleDownLimit"),
        new Case(
            "scaleDown with with previous events still allowing more scale down",
            NONE,
            down(120, 10, 10, 10),
            1,
            1000,
            DEFAULT_UP,
            generateScalingRules(0, 0, 1000, 120, 300),
            10,
            5,
            5,
            "DesiredWithinRange"),
        new Case(
            "check 'outdated' flag for events for one behavior for up",
            up(120, 8, 12, 9, 11),
            NONE,
            1,
            1000,
            generateScalingRules(1000, 60, 0, 0, 0),
            DEFAULT_DOWN,
            100,
            200,
            200,
            "DesiredWithinRange"),
        new Case(
            "check that events were not marked 'outdated' for two different policies in the"
                + " behavior for up",
            up(120, 8, 12, 9, 11),
            NONE,
            1,
            1000,
            generateScalingRules(1000, 120, 100, 60, 0),
            DEFAULT_DOWN,
            100,
            200,
            200,
            "DesiredWithinRange"),
        new Case(
            "check that events were marked 'outdated' for two different policies in the"
                + " behavior for up",
            up(120, 8, 12, 9, 11),
            NONE,
            1,
            1000,
            generateScalingRules(1000, 30, 100, 60, 0),
            DEFAULT_DOWN,
            100,
            200,
            200,
            "DesiredWithinRange"),
        new Case(
            "check 'outdated' flag for events for one behavior for down",
            NONE,
            down(120, 8, 12, 9, 11),
            1,
            1000,
            DEFAULT_UP,
            generateScalingRules(1000, 60, 0, 0, 300),
            100,
            5,
            5,
            "DesiredWithinRange"),
        new Case(
            "check that events were not marked 'outdated' for two different policies in the"
                + " behavior for down",
            NONE,
            down(120, 8, 12, 9, 11),
            1,
            1000,
            DEFAULT_UP,
            generateScalingRules(1000, 120, 100, 60, 300),
            100,
            5,
            5,
            "DesiredWithinRange"),
        new Case(
            "check that events were marked 'outdated' for two different policies in the"
                + " behavior for down",
            NONE,
            down(120, 8, 12, 9, 11),
            1,
            1000,
            DEFAULT_UP,
            generateScalingRules(1000, 30, 100, 60, 300),
            100,
            5,
            5,
            "DesiredWithinRange"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scalingWithRules")
  @DisplayName("TestScalingWithRules (horizontal_test.go)")
  void scalingWithRules(Case c) {
    BehaviorState state = new BehaviorState(List.of(), c.scaleUpEvents(), c.scaleDownEvents());
    Behavior behavior = new Behavior(c.scaleUpRules(), c.scaleDownRules());

    RateLimits.Limited limited =
        RateLimits.limit(
            behavior,
            state,
            c.currentReplicas(),
            c.prenormalizedDesired(),
            c.minReplicas(),
            c.maxReplicas(),
            NOW);

    assertThat(limited.replicas()).isEqualTo(c.expectedReplicas());
    assertThat(limited.reason()).isEqualTo(c.expectedCondition());
  }

  @Test
  @DisplayName("TestCalculateScaleUpLimitWithScalingRules: Min of 2 pods and 50 % from 1 is 2")
  void calculateScaleUpLimitWithScalingRules() {
    DirectionRules rules =
        new DirectionRules(
            Duration.ofSeconds(300),
            SelectPolicy.MIN,
            List.of(
                ScalingPolicy.pods(2, Duration.ofSeconds(60)),
                ScalingPolicy.percent(50, Duration.ofSeconds(60))),
            Duration.ZERO);

    assertThat(RateLimits.scaleUpLimit(rules, BehaviorState.empty(), 1, NOW)).isEqualTo(2);
  }

  @Test
  @DisplayName("TestCalculateScaleDownLimitWithBehaviors: Min of 2 pods and 50 % from 5 is 3")
  void calculateScaleDownLimitWithBehaviors() {
    DirectionRules rules =
        new DirectionRules(
            Duration.ofSeconds(300),
            SelectPolicy.MIN,
            List.of(
                ScalingPolicy.pods(2, Duration.ofSeconds(60)),
                ScalingPolicy.percent(50, Duration.ofSeconds(60))),
            Duration.ZERO);

    assertThat(RateLimits.scaleDownLimit(rules, BehaviorState.empty(), 5, NOW)).isEqualTo(3);
  }

  @Test
  @DisplayName(
      "TestStoreScaleEvents: getReplicasChangePerPeriod(60 s) counts only events strictly inside"
          + " the period")
  void replicasChangePerPeriod() {
    Duration minute = Duration.ofSeconds(60);
    assertThat(RateLimits.changeWithin(minute, List.of(), NOW)).isZero();
    assertThat(RateLimits.changeWithin(minute, List.of(event(7, 61)), NOW)).isZero();
    assertThat(RateLimits.changeWithin(minute, List.of(event(7, 58)), NOW)).isEqualTo(7);
    assertThat(RateLimits.changeWithin(minute, List.of(event(7, 61), event(6, 59)), NOW))
        .isEqualTo(6);
    assertThat(
            RateLimits.changeWithin(
                minute, List.of(event(8, 29), event(6, 59), event(7, 61), event(9, 61)), NOW))
        .isEqualTo(14);
    assertThat(RateLimits.changeWithin(minute, List.of(event(7, 58), event(6, 59)), NOW))
        .isEqualTo(13);
    assertThat(RateLimits.changeWithin(minute, List.of(event(5, 60)), NOW))
        .as("an event exactly one period old has left it")
        .isZero();
  }

  @Test
  @DisplayName(
      "TestStoreScaleEvents: a stored event lands in its direction's list; outdated events are"
          + " pruned (where the HPA reuses their slot)")
  void storeScaleEvents() {
    Behavior behavior =
        new Behavior(
            generateScalingRules(10, 60, 100, 30, 0), DirectionRules.hpaScaleDownDefaults());
    BehaviorState before =
        new BehaviorState(List.of(), List.of(event(8, 29), event(6, 59), event(7, 61)), List.of());

    BehaviorState up = BehaviorNormalizer.recordScale(before, 10, 15, NOW);
    BehaviorState down = BehaviorNormalizer.recordScale(before, 10, 5, NOW);
    BehaviorState pruned = BehaviorNormalizer.normalize(behavior, up, 15, 15, 1, 100, NOW).next();

    assertThat(up.scaleUpEvents())
        .extracting(ScaleEvent::replicaChange)
        .containsExactly(8, 6, 7, 5);
    assertThat(down.scaleDownEvents()).extracting(ScaleEvent::replicaChange).containsExactly(-5);
    assertThat(BehaviorNormalizer.recordScale(before, 10, 10, NOW)).isSameAs(before);
    assertThat(pruned.scaleUpEvents())
        .extracting(ScaleEvent::replicaChange)
        .containsExactly(8, 6, 5);
  }

  private static ScaleEvent event(int change, long secondsAgo) {
    return new ScaleEvent(NOW.minusSeconds(secondsAgo), change);
  }
}
