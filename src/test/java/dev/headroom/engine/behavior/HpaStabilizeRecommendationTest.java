package dev.headroom.engine.behavior;

import static dev.headroom.engine.behavior.GoHpaFixtures.NOW;
import static dev.headroom.engine.behavior.GoHpaFixtures.recommendation;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * TestNormalizeDesiredReplicasWithBehavior of kubernetes/kubernetes
 * pkg/controller/podautoscaler/horizontal_test.go, which exercises
 * stabilizeRecommendationWithBehaviors, run against {@link Stabilization#stabilize}; and what
 * {@link BehaviorNormalizer} keeps of the recommendations afterwards.
 */
class HpaStabilizeRecommendationTest {
  record Case(
      String name,
      List<Recommendation> recommendations,
      int currentReplicas,
      int prenormalizedDesired,
      int expectedStabilized,
      int scaleUpWindowSeconds,
      int scaleDownWindowSeconds,
      List<Integer> expectedKept) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static final Duration ONE_MIN = Duration.ofMinutes(1);
  private static final Duration TWO_MIN = Duration.ofMinutes(2);

  static Stream<Case> stabilizationCases() {
    return Stream.of(
        new Case("empty recommendations for scaling down", List.of(), 100, 5, 5, 0, 0, List.of(5)),
        new Case(
            "simple scale down stabilization",
            List.of(recommendation(4, TWO_MIN), recommendation(5, ONE_MIN)),
            100,
            3,
            5,
            0,
            180,
            List.of(4, 5, 3)),
        new Case(
            "simple scale up stabilization",
            List.of(recommendation(4, TWO_MIN), recommendation(5, ONE_MIN)),
            1,
            7,
            4,
            300,
            0,
            List.of(4, 5, 7)),
        new Case(
            "no scale down stabilization",
            List.of(recommendation(1, TWO_MIN), recommendation(2, ONE_MIN)),
            100,
            3,
            3,
            300,
            0,
            List.of(1, 2, 3)),
        new Case(
            "no scale up stabilization",
            List.of(recommendation(4, TWO_MIN), recommendation(5, ONE_MIN)),
            1,
            3,
            3,
            0,
            300,
            List.of(4, 5, 3)),
        // The HPA overwrites one recommendation older than both windows; we drop all of them.
        new Case(
            "no scale down stabilization, reuse recommendation element",
            List.of(
                recommendation(10, Duration.ofMinutes(10)),
                recommendation(9, Duration.ofMinutes(9))),
            100,
            3,
            3,
            0,
            0,
            List.of(3)),
        new Case(
            "no scale up stabilization, reuse recommendation element",
            List.of(
                recommendation(10, Duration.ofMinutes(10)),
                recommendation(9, Duration.ofMinutes(9))),
            1,
            100,
            100,
            0,
            0,
            List.of(100)),
        new Case(
            "scale down stabilization, reuse one of obsolete recommendation element",
            List.of(
                recommendation(10, Duration.ofMinutes(10)),
                recommendation(4, ONE_MIN),
                recommendation(5, TWO_MIN),
                recommendation(9, Duration.ofMinutes(9))),
            100,
            3,
            5,
            0,
            180,
            List.of(4, 5, 3)),
        new Case(
            "scale up stabilization, reuse one of obsolete recommendation element",
            List.of(
                recommendation(10, Duration.ofMinutes(100)),
                recommendation(6, ONE_MIN),
                recommendation(5, TWO_MIN),
                recommendation(9, Duration.ofMinutes(3))),
            1,
            100,
            5,
            300,
            0,
            List.of(6, 5, 9, 100)),
        new Case(
            "scale up and down stabilization, do not scale up when prenormalized rec goes"
                + " down",
            List.of(
                recommendation(2, Duration.ofMinutes(100)),
                recommendation(3, Duration.ofMinutes(3))),
            2,
            1,
            2,
            300,
            300,
            List.of(3, 1)),
        new Case(
            "scale up and down stabilization, do not scale down when prenormalized rec goes"
                + " up",
            List.of(
                recommendation(2, Duration.ofMinutes(100)),
                recommendation(1, Duration.ofMinutes(3))),
            2,
            3,
            2,
            300,
            300,
            List.of(1, 3)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stabilizationCases")
  @DisplayName("TestNormalizeDesiredReplicasWithBehavior (horizontal_test.go)")
  void stabilizeRecommendationWithBehaviors(Case c) {
    Behavior behavior = windows(c.scaleUpWindowSeconds(), c.scaleDownWindowSeconds());

    Stabilization.Stabilized stabilized =
        Stabilization.stabilize(
            behavior, c.recommendations(), c.currentReplicas(), c.prenormalizedDesired(), NOW);
    BehaviorState next =
        BehaviorNormalizer.normalize(
                behavior,
                new BehaviorState(c.recommendations(), List.of(), List.of()),
                c.currentReplicas(),
                c.prenormalizedDesired(),
                1,
                1000,
                NOW)
            .next();

    assertThat(stabilized.replicas()).isEqualTo(c.expectedStabilized());
    assertThat(next.recommendations())
        .extracting(Recommendation::replicas)
        .containsExactlyElementsOf(c.expectedKept());
    assertThat(next.recommendations().get(next.recommendations().size() - 1).at()).isEqualTo(NOW);
  }

  @Test
  @DisplayName(
      "recordInitialRecommendation: an autoscaler's first sync records the current count, so the"
          + " default scale-down window holds it")
  void firstSyncRecordsTheCurrentCount() {
    Normalized first =
        BehaviorNormalizer.normalize(
            Behavior.hpaDefaults(), BehaviorState.empty(), 8, 2, 1, 10, NOW);

    assertThat(first.replicas()).isEqualTo(8);
    assertThat(first.reason()).isEqualTo(Reasons.SCALE_DOWN_STABILIZED);
    assertThat(first.next().recommendations())
        .extracting(Recommendation::replicas)
        .containsExactly(8, 2);
  }

  @Test
  @DisplayName(
      "reconcileAutoscaler: a count outside [min, max] goes straight to the bound; 0 with min > 0"
          + " switches autoscaling off")
  void countsOutsideTheBounds() {
    BehaviorState empty = BehaviorState.empty();
    Behavior defaults = Behavior.hpaDefaults();

    Normalized above = BehaviorNormalizer.normalize(defaults, empty, 12, 1, 2, 10, NOW);
    Normalized below = BehaviorNormalizer.normalize(defaults, empty, 1, 50, 2, 10, NOW);
    Normalized off = BehaviorNormalizer.normalize(defaults, empty, 0, 7, 2, 10, NOW);

    assertThat(above.replicas()).isEqualTo(10);
    assertThat(above.reason()).isEqualTo(Reasons.TOO_MANY_REPLICAS);
    assertThat(below.replicas()).isEqualTo(2);
    assertThat(below.reason()).isEqualTo(Reasons.TOO_FEW_REPLICAS);
    assertThat(off.replicas()).isZero();
    assertThat(off.reason()).isEqualTo(Reasons.SCALING_DISABLED);
    assertThat(off.limited()).isFalse();
  }

  private static Behavior windows(int upSeconds, int downSeconds) {
    return new Behavior(
        DirectionRules.hpaScaleUpDefaults().withStabilizationWindow(Duration.ofSeconds(upSeconds)),
        DirectionRules.hpaScaleDownDefaults()
            .withStabilizationWindow(Duration.ofSeconds(downSeconds)));
  }
}
