package dev.headroom.engine.behavior;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headroom.testing.random.Gen;
import dev.headroom.testing.random.Seeds;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The recommendations a policy keeps for its stabilization windows: an earlier one of the same
 * count is dropped, which changes no window's answer, and a steady policy keeps one.
 */
class RecommendationHistoryTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  static Stream<Long> seeds() {
    return Seeds.of(300);
  }

  /** Whatever the counts, times and windows: the kept list stabilizes as the whole history. */
  @ParameterizedTest(name = Seeds.NAME)
  @MethodSource("seeds")
  void droppingEarlierRecommendationsOfTheSameCountChangesNoWindow(long seed) {
    Gen gen = new Gen(seed);
    int steps = gen.ints(1, 60);
    List<Recommendation> all = new ArrayList<>();
    BehaviorState kept = BehaviorState.empty();
    Instant at = T0;
    for (int i = 0; i < steps; i++) {
      at = at.plusSeconds(gen.ints(0, 40));
      Recommendation r = new Recommendation(at, gen.ints(1, 6));
      all.add(r);
      kept = kept.withRecommendation(r);
    }
    Behavior behavior =
        new Behavior(
            rules(Duration.ofSeconds(gen.ints(0, 600))),
            rules(Duration.ofSeconds(gen.ints(0, 600))));
    Instant now = at.plusSeconds(gen.ints(0, 700));
    int current = gen.ints(1, 6);
    int desired = gen.ints(1, 6);
    BehaviorState compacted = kept;
    Seeds.check(
        seed,
        () -> "history=" + all + " behavior=" + behavior + " now=" + now,
        () -> {
          assertThat(compacted.recommendations().size()).isLessThanOrEqualTo(6);
          assertThat(
                  Stabilization.stabilize(
                      behavior, compacted.recommendations(), current, desired, now))
              .isEqualTo(Stabilization.stabilize(behavior, all, current, desired, now));
        });
  }

  @Test
  void aSteadyPolicyKeepsOneRecommendation() {
    BehaviorState state = BehaviorState.empty();
    for (int i = 0; i < 100; i++) {
      state =
          BehaviorNormalizer.normalize(
                  Behavior.hpaDefaults(), state, 4, 4, 1, 10, T0.plusSeconds(15L * i))
              .next();
    }
    assertThat(state.recommendations())
        .containsExactly(new Recommendation(T0.plusSeconds(15L * 99), 4));
  }

  @Test
  void aRestoredStateTakesItsLastRecommendationToHaveHeldUntilTheRefreshWasDue() {
    BehaviorState state =
        BehaviorState.empty()
            .withRecommendation(new Recommendation(T0, 8))
            .withRecommendation(new Recommendation(T0.plusSeconds(30), 5));
    assertThat(state.lastRecommendationHeldUntil(T0.plusSeconds(200)).recommendations())
        .containsExactly(new Recommendation(T0, 8), new Recommendation(T0.plusSeconds(200), 5));
    assertThat(state.lastRecommendationHeldUntil(T0.plusSeconds(10))).isEqualTo(state);
    assertThat(BehaviorState.empty().lastRecommendationHeldUntil(T0))
        .isEqualTo(BehaviorState.empty());
  }

  /**
   * An outage of the apiserver during which nothing was evaluated (280 s to 330 s, 40 s more than
   * an interval): the scale-down window (300 s) that passed during it holds 40 s longer.
   */
  @Test
  void aDelayedStateDoesNotLetAWindowPassDuringTheStretchWithoutRecommendations() {
    Behavior behavior = new Behavior(rules(Duration.ZERO), rules(Duration.ofSeconds(300)));
    BehaviorState state =
        BehaviorState.empty()
            .withRecommendation(new Recommendation(T0, 8))
            .withRecommendation(new Recommendation(T0.plusSeconds(30), 5))
            .withRecommendation(new Recommendation(T0.plusSeconds(280), 4));
    Instant back = T0.plusSeconds(330);
    assertThat(Stabilization.stabilize(behavior, state.recommendations(), 8, 4, back).replicas())
        .as("without the delay the window passed during the outage")
        .isEqualTo(4);
    BehaviorState delayed = state.withRecommendationsDelayedBy(Duration.ofSeconds(40), back);
    assertThat(Stabilization.stabilize(behavior, delayed.recommendations(), 8, 4, back).replicas())
        .isEqualTo(8);
    assertThat(
            Stabilization.stabilize(behavior, delayed.recommendations(), 8, 4, T0.plusSeconds(340))
                .replicas())
        .as("as at 300 s without the outage, 40 s later")
        .isEqualTo(5);
    assertThat(state.withRecommendationsDelayedBy(Duration.ZERO, back)).isSameAs(state);
    assertThat(state.withRecommendationsDelayedBy(Duration.ofSeconds(-5), back)).isSameAs(state);
    assertThat(
            state
                .withRecommendationsDelayedBy(Duration.ofSeconds(60), T0.plusSeconds(300))
                .recommendations())
        .as("none moved into the future")
        .extracting(Recommendation::at)
        .containsExactly(T0.plusSeconds(60), T0.plusSeconds(90), T0.plusSeconds(300));
  }

  private static DirectionRules rules(Duration window) {
    return DirectionRules.hpaScaleDownDefaults().withStabilizationWindow(window);
  }
}
