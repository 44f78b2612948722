package dev.headroom.engine.behavior;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headroom.testing.random.Gen;
import dev.headroom.testing.random.Seeds;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Invariants of the HPA's behavior logic over random rules and random recommendation sequences,
 * each sequence driven through normalize and recordScale as the HPA's loop does.
 */
class BehaviorNormalizerPropertiesTest {
  private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

  /** One sync: how long after the previous one, and what the metrics ask for. */
  record Step(int secondsAfterPrevious, int desired) {}

  /** 1000 cases per property. */
  static Stream<Long> seeds() {
    return Seeds.of(1000);
  }

  @ParameterizedTest(name = Seeds.NAME)
  @MethodSource("seeds")
  void theResultNeverLeavesMinMax(long seed) {
    Gen gen = new Gen(seed);
    Behavior behavior = behavior(gen);
    List<Step> steps = steps(gen);
    int minReplicas = gen.ints(0, 10);
    int extraMax = gen.ints(0, 60);
    int startReplicas = gen.ints(1, 120);
    Seeds.check(
        seed,
        () ->
            "minReplicas=%d extraMax=%d startReplicas=%d behavior=%s steps=%s"
                .formatted(minReplicas, extraMax, startReplicas, behavior, steps),
        () -> theResultNeverLeavesMinMax(behavior, steps, minReplicas, extraMax, startReplicas));
  }

  private static void theResultNeverLeavesMinMax(
      Behavior behavior, List<Step> steps, int minReplicas, int extraMax, int startReplicas) {
    int maxReplicas = Math.max(1, minReplicas + extraMax);
    Loop loop = new Loop(behavior, minReplicas, maxReplicas, startReplicas);
    for (Step step : steps) {
      Normalized normalized = loop.sync(step);
      assertThat(normalized.replicas()).isBetween(minReplicas, maxReplicas);
    }
  }

  @ParameterizedTest(name = Seeds.NAME)
  @MethodSource("seeds")
  void stabilizationMovesFromCurrentTowardsDesiredButNeverPastIt(long seed) {
    Gen gen = new Gen(seed);
    Behavior behavior = behavior(gen);
    List<Recommendation> recorded = recommendations(gen);
    int current = gen.ints(0, 200);
    int desired = gen.ints(0, 200);
    Seeds.check(
        seed,
        () ->
            "current=%d desired=%d behavior=%s recorded=%s"
                .formatted(current, desired, behavior, recorded),
        () ->
            stabilizationMovesFromCurrentTowardsDesiredButNeverPastIt(
                behavior, recorded, current, desired));
  }

  private static void stabilizationMovesFromCurrentTowardsDesiredButNeverPastIt(
      Behavior behavior, List<Recommendation> recorded, int current, int desired) {
    Instant now = T0.plus(Duration.ofHours(1));

    int stabilized = Stabilization.stabilize(behavior, recorded, current, desired, now).replicas();

    assertThat(stabilized).isBetween(Math.min(current, desired), Math.max(current, desired));
  }

  @ParameterizedTest(name = Seeds.NAME)
  @MethodSource("seeds")
  void aScaleUpNeverExceedsTheLowestRecommendationOfTheScaleUpWindow(long seed) {
    Gen gen = new Gen(seed);
    Behavior behavior = behavior(gen);
    List<Step> steps = steps(gen);
    Seeds.check(
        seed,
        () -> "behavior=%s steps=%s".formatted(behavior, steps),
        () -> aScaleUpNeverExceedsTheLowestRecommendationOfTheScaleUpWindow(behavior, steps));
  }

  private static void aScaleUpNeverExceedsTheLowestRecommendationOfTheScaleUpWindow(
      Behavior behavior, List<Step> steps) {
    Loop loop = new Loop(behavior, 1, 1000, 10);
    for (Step step : steps) {
      int before = loop.replicas;
      List<Recommendation> window =
          loop.recommendationsWithin(behavior.scaleUp().stabilizationWindow(), step);
      Normalized normalized = loop.sync(step);
      if (normalized.replicas() > before) {
        int lowest = window.stream().mapToInt(Recommendation::replicas).min().orElse(step.desired);
        assertThat(normalized.replicas()).isLessThanOrEqualTo(Math.min(lowest, step.desired));
      }
    }
  }

  @ParameterizedTest(name = Seeds.NAME)
  @MethodSource("seeds")
  void aScaleDownNeverGoesBelowTheHighestRecommendationOfTheScaleDownWindow(long seed) {
    Gen gen = new Gen(seed);
    Behavior behavior = behavior(gen);
    List<Step> steps = steps(gen);
    Seeds.check(
        seed,
        () -> "behavior=%s steps=%s".formatted(behavior, steps),
        () ->
            aScaleDownNeverGoesBelowTheHighestRecommendationOfTheScaleDownWindow(behavior, steps));
  }

  private static void aScaleDownNeverGoesBelowTheHighestRecommendationOfTheScaleDownWindow(
      Behavior behavior, List<Step> steps) {
    Loop loop = new Loop(behavior, 1, 1000, 100);
    for (Step step : steps) {
      int before = loop.replicas;
      List<Recommendation> window =
          loop.recommendationsWithin(behavior.scaleDown().stabilizationWindow(), step);
      Normalized normalized = loop.sync(step);
      if (normalized.replicas() < before) {
        int highest = window.stream().mapToInt(Recommendation::replicas).max().orElse(step.desired);
        assertThat(normalized.replicas()).isGreaterThanOrEqualTo(Math.max(highest, step.desired));
      }
    }
  }

  @ParameterizedTest(name = Seeds.NAME)
  @MethodSource("seeds")
  void aPodsPolicyCapsWhatIsAddedInEveryPeriod(long seed) {
    Gen gen = new Gen(seed);
    int pods = gen.ints(1, 20);
    int periodSeconds = gen.ints(1, 300);
    List<Step> steps = steps(gen);
    Seeds.check(
        seed,
        () -> "pods=%d periodSeconds=%d steps=%s".formatted(pods, periodSeconds, steps),
        () -> aPodsPolicyCapsWhatIsAddedInEveryPeriod(pods, periodSeconds, steps));
  }

  private static void aPodsPolicyCapsWhatIsAddedInEveryPeriod(
      int pods, int periodSeconds, List<Step> steps) {
    Duration period = Duration.ofSeconds(periodSeconds);
    Behavior behavior =
        new Behavior(
            new DirectionRules(
                Duration.ZERO,
                SelectPolicy.MAX,
                List.of(ScalingPolicy.pods(pods, period)),
                Duration.ZERO),
            DirectionRules.hpaScaleDownDefaults().withSelectPolicy(SelectPolicy.DISABLED));
    Loop loop = new Loop(behavior, 1, 10_000, 1);
    for (Step step : steps) {
      loop.sync(step);
      // Every period ending at a sync holds all events of any period ending between two syncs.
      int added = RateLimits.changeWithin(period, loop.state.scaleUpEvents(), loop.now);
      assertThat(added).isLessThanOrEqualTo(pods);
    }
  }

  @ParameterizedTest(name = Seeds.NAME)
  @MethodSource("seeds")
  void aDisabledDirectionNeverMoves(long seed) {
    Gen gen = new Gen(seed);
    Behavior behavior = behavior(gen);
    List<Step> steps = steps(gen);
    Seeds.check(
        seed,
        () -> "behavior=%s steps=%s".formatted(behavior, steps),
        () -> aDisabledDirectionNeverMoves(behavior, steps));
  }

  private static void aDisabledDirectionNeverMoves(Behavior behavior, List<Step> steps) {
    Behavior noScaleDown =
        behavior.withScaleDown(behavior.scaleDown().withSelectPolicy(SelectPolicy.DISABLED));
    Loop loop = new Loop(noScaleDown, 1, 1000, 50);
    for (Step step : steps) {
      int before = loop.replicas;
      assertThat(loop.sync(step).replicas()).isGreaterThanOrEqualTo(before);
    }
  }

  @ParameterizedTest(name = Seeds.NAME)
  @MethodSource("seeds")
  void noTwoScaleEventsInADirectionAreCloserThanItsCooldown(long seed) {
    Gen gen = new Gen(seed);
    Behavior behavior = behavior(gen);
    int upCooldownSeconds = gen.ints(1, 600);
    int downCooldownSeconds = gen.ints(1, 600);
    List<Step> steps = steps(gen);
    Seeds.check(
        seed,
        () ->
            "upCooldownSeconds=%d downCooldownSeconds=%d behavior=%s steps=%s"
                .formatted(upCooldownSeconds, downCooldownSeconds, behavior, steps),
        () ->
            noTwoScaleEventsInADirectionAreCloserThanItsCooldown(
                behavior, upCooldownSeconds, downCooldownSeconds, steps));
  }

  private static void noTwoScaleEventsInADirectionAreCloserThanItsCooldown(
      Behavior behavior, int upCooldownSeconds, int downCooldownSeconds, List<Step> steps) {
    Behavior cooled =
        new Behavior(
            behavior.scaleUp().withCooldown(Duration.ofSeconds(upCooldownSeconds)),
            behavior.scaleDown().withCooldown(Duration.ofSeconds(downCooldownSeconds)));
    Loop loop = new Loop(cooled, 1, 1000, 20);
    Instant lastUp = null;
    Instant lastDown = null;
    for (Step step : steps) {
      int before = loop.replicas;
      int after = loop.sync(step).replicas();
      if (after > before) {
        if (lastUp != null) {
          assertThat(Duration.between(lastUp, loop.now))
              .isGreaterThanOrEqualTo(Duration.ofSeconds(upCooldownSeconds));
        }
        lastUp = loop.now;
      } else if (after < before) {
        if (lastDown != null) {
          assertThat(Duration.between(lastDown, loop.now))
              .isGreaterThanOrEqualTo(Duration.ofSeconds(downCooldownSeconds));
        }
        lastDown = loop.now;
      }
    }
  }

  @ParameterizedTest(name = Seeds.NAME)
  @MethodSource("seeds")
  void theStateStaysBounded(long seed) {
    Gen gen = new Gen(seed);
    Behavior behavior = behavior(gen);
    List<Integer> desired = gen.list(1, 400, g -> g.ints(0, 300));
    int stepSeconds = gen.ints(1, 60);
    Seeds.check(
        seed,
        () -> "stepSeconds=%d behavior=%s desired=%s".formatted(stepSeconds, behavior, desired),
        () -> theStateStaysBounded(behavior, desired, stepSeconds));
  }

  private static void theStateStaysBounded(
      Behavior behavior, List<Integer> desired, int stepSeconds) {
    Loop loop = new Loop(behavior, 1, 1000, 10);
    long windowSteps =
        max(behavior.scaleUp().stabilizationWindow(), behavior.scaleDown().stabilizationWindow())
                .getSeconds()
            / stepSeconds;
    long eventSteps =
        max(
                    max(
                        behavior.scaleUp().longestPolicyPeriod(),
                        behavior.scaleDown().longestPolicyPeriod()),
                    max(behavior.scaleUp().cooldown(), behavior.scaleDown().cooldown()))
                .getSeconds()
            / stepSeconds;
    for (int value : desired) {
      loop.sync(new Step(stepSeconds, value));
      BehaviorState state = loop.state;
      // The window's syncs, the one at its edge, and the first sync's initial recommendation.
      assertThat(state.recommendations()).hasSizeLessThanOrEqualTo((int) windowSteps + 2);
      int events = state.scaleUpEvents().size() + state.scaleDownEvents().size();
      assertThat(events).isLessThanOrEqualTo((int) eventSteps + 2);
    }
  }

  private static Behavior behavior(Gen gen) {
    return new Behavior(directionRules(gen), directionRules(gen));
  }

  /** 1 to 80 syncs, 1 to 120 s apart, asking for 0 to 300 replicas. */
  private static List<Step> steps(Gen gen) {
    return gen.list(1, 80, g -> new Step(g.ints(1, 120), g.ints(0, 300)));
  }

  /** Up to 30 recommendations in the hour after T0, of 0 to 200 replicas. */
  private static List<Recommendation> recommendations(Gen gen) {
    return gen.list(
        0, 30, g -> new Recommendation(T0.plusSeconds(g.ints(0, 3600)), g.ints(0, 200)));
  }

  private static DirectionRules directionRules(Gen gen) {
    Duration window = Duration.ofSeconds(gen.ints(0, 600));
    SelectPolicy select = gen.oneOf(SelectPolicy.class);
    List<ScalingPolicy> policies =
        gen.list(
            1,
            3,
            g ->
                new ScalingPolicy(
                    g.oneOf(PolicyType.class),
                    g.ints(1, 1000),
                    Duration.ofSeconds(g.ints(1, 600))));
    Duration cooldown = Duration.ofSeconds(gen.ints(0, 300));
    return new DirectionRules(window, select, policies, cooldown);
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  /** The HPA loop with the state exposed to the properties. */
  private static final class Loop {
    final Behavior behavior;
    final int minReplicas;
    final int maxReplicas;
    BehaviorState state = BehaviorState.empty();
    int replicas;
    Instant now = T0;

    Loop(Behavior behavior, int minReplicas, int maxReplicas, int replicas) {
      this.behavior = behavior;
      this.minReplicas = minReplicas;
      this.maxReplicas = maxReplicas;
      this.replicas = replicas;
    }

    /** The recorded recommendations the next sync's window of this length will see. */
    List<Recommendation> recommendationsWithin(Duration window, Step next) {
      Instant at = now.plusSeconds(next.secondsAfterPrevious());
      List<Recommendation> recorded =
          state.recommendations().isEmpty()
              ? List.of(new Recommendation(at, replicas))
              : state.recommendations();
      return recorded.stream().filter(r -> r.at().isAfter(at.minus(window))).toList();
    }

    Normalized sync(Step step) {
      now = now.plusSeconds(step.secondsAfterPrevious());
      Normalized normalized =
          BehaviorNormalizer.normalize(
              behavior, state, replicas, step.desired(), minReplicas, maxReplicas, now);
      state =
          BehaviorNormalizer.recordScale(normalized.next(), replicas, normalized.replicas(), now);
      replicas = normalized.replicas();
      return normalized;
    }
  }
}
