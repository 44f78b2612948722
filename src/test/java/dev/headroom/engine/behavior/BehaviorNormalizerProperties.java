package dev.headroom.engine.behavior;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Invariants of the HPA's behavior logic over random rules and random recommendation sequences,
 * each sequence driven through normalize and recordScale as the HPA's loop does.
 */
class BehaviorNormalizerProperties {
  private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

  /** One sync: how long after the previous one, and what the metrics ask for. */
  record Step(int secondsAfterPrevious, int desired) {}

  @Property
  void theResultNeverLeavesMinMax(
      @ForAll("behaviors") Behavior behavior,
      @ForAll("steps") List<Step> steps,
      @ForAll @IntRange(min = 0, max = 10) int minReplicas,
      @ForAll @IntRange(min = 0, max = 60) int extraMax,
      @ForAll @IntRange(min = 1, max = 120) int startReplicas) {
    int maxReplicas = Math.max(1, minReplicas + extraMax);
    Loop loop = new Loop(behavior, minReplicas, maxReplicas, startReplicas);
    for (Step step : steps) {
      Normalized normalized = loop.sync(step);
      assertThat(normalized.replicas()).isBetween(minReplicas, maxReplicas);
    }
  }

  @Property
  void stabilizationMovesFromCurrentTowardsDesiredButNeverPastIt(
      @ForAll("behaviors") Behavior behavior,
      @ForAll("recommendations") List<Recommendation> recorded,
      @ForAll @IntRange(min = 0, max = 200) int current,
      @ForAll @IntRange(min = 0, max = 200) int desired) {
    Instant now = T0.plus(Duration.ofHours(1));

    int stabilized = Stabilization.stabilize(behavior, recorded, current, desired, now).replicas();

    assertThat(stabilized).isBetween(Math.min(current, desired), Math.max(current, desired));
  }

  @Property
  void aScaleUpNeverExceedsTheLowestRecommendationOfTheScaleUpWindow(
      @ForAll("behaviors") Behavior behavior, @ForAll("steps") List<Step> steps) {
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

  @Property
  void aScaleDownNeverGoesBelowTheHighestRecommendationOfTheScaleDownWindow(
      @ForAll("behaviors") Behavior behavior, @ForAll("steps") List<Step> steps) {
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

  @Property
  void aPodsPolicyCapsWhatIsAddedInEveryPeriod(
      @ForAll @IntRange(min = 1, max = 20) int pods,
      @ForAll @IntRange(min = 1, max = 300) int periodSeconds,
      @ForAll("steps") List<Step> steps) {
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

  @Property
  void aDisabledDirectionNeverMoves(
      @ForAll("behaviors") Behavior behavior, @ForAll("steps") List<Step> steps) {
    Behavior noScaleDown =
        behavior.withScaleDown(behavior.scaleDown().withSelectPolicy(SelectPolicy.DISABLED));
    Loop loop = new Loop(noScaleDown, 1, 1000, 50);
    for (Step step : steps) {
      int before = loop.replicas;
      assertThat(loop.sync(step).replicas()).isGreaterThanOrEqualTo(before);
    }
  }

  @Property
  void noTwoScaleEventsInADirectionAreCloserThanItsCooldown(
      @ForAll("behaviors") Behavior behavior,
      @ForAll @IntRange(min = 1, max = 600) int upCooldownSeconds,
      @ForAll @IntRange(min = 1, max = 600) int downCooldownSeconds,
      @ForAll("steps") List<Step> steps) {
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

  @Property
  void theStateStaysBounded(
      @ForAll("behaviors") Behavior behavior,
      @ForAll @Size(min = 1, max = 400) List<@IntRange(min = 0, max = 300) Integer> desired,
      @ForAll @IntRange(min = 1, max = 60) int stepSeconds) {
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

  @Provide
  Arbitrary<Behavior> behaviors() {
    return Combinators.combine(directionRules(), directionRules()).as(Behavior::new);
  }

  @Provide
  Arbitrary<List<Step>> steps() {
    Arbitrary<Step> step =
        Combinators.combine(
                Arbitraries.integers().between(1, 120), Arbitraries.integers().between(0, 300))
            .as(Step::new);
    return step.list().ofMinSize(1).ofMaxSize(80);
  }

  @Provide
  Arbitrary<List<Recommendation>> recommendations() {
    Arbitrary<Recommendation> recommendation =
        Combinators.combine(
                Arbitraries.integers().between(0, 3600), Arbitraries.integers().between(0, 200))
            .as((second, replicas) -> new Recommendation(T0.plusSeconds(second), replicas));
    return recommendation.list().ofMaxSize(30);
  }

  private static Arbitrary<DirectionRules> directionRules() {
    Arbitrary<ScalingPolicy> policy =
        Combinators.combine(
                Arbitraries.of(PolicyType.class),
                Arbitraries.integers().between(1, 1000),
                Arbitraries.integers().between(1, 600))
            .as(
                (type, value, period) ->
                    new ScalingPolicy(type, value, Duration.ofSeconds(period)));
    return Combinators.combine(
            Arbitraries.integers().between(0, 600),
            Arbitraries.of(SelectPolicy.class),
            policy.list().ofMinSize(1).ofMaxSize(3),
            Arbitraries.integers().between(0, 300))
        .as(
            (window, select, policies, cooldown) ->
                new DirectionRules(
                    Duration.ofSeconds(window), select, policies, Duration.ofSeconds(cooldown)));
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
