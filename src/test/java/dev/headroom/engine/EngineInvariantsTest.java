package dev.headroom.engine;

import static dev.headroom.engine.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

/** The engine's safety invariants, over arbitrary sequences of observations. */
class EngineInvariantsTest {
  private final Engine engine = new Engine();

  record Step(double rps, double cpuPerPod, double p95, boolean present, int ready) {}

  @Provide
  Arbitrary<List<Step>> histories() {
    Arbitrary<Step> step =
        Combinators.combine(
                Arbitraries.doubles().between(0, 500),
                Arbitraries.doubles().between(0, 1.2),
                Arbitraries.doubles().between(0.001, 5).ofScale(3),
                Arbitraries.of(true, true, true, false),
                Arbitraries.integers().between(0, 30))
            .as(Step::new);
    return step.list().ofMinSize(1).ofMaxSize(40);
  }

  private static EnginePolicy policy(int min, int max) {
    var rules =
        new ResourceRules(ResourceMode.REQUESTS_AND_LIMITS, 0.1, Duration.ofMinutes(5), Map.of());
    return Fixtures.withResources(
        Fixtures.policy(List.of(Fixtures.p95(0.3), Fixtures.cpuUtilization(0.6)), min, max), rules);
  }

  @Property(tries = 200)
  void replicasNeverLeaveTheBounds(
      @ForAll("histories") List<Step> history,
      @ForAll @IntRange(min = 1, max = 5) int min,
      @ForAll @IntRange(min = 0, max = 30) int extra) {
    EnginePolicy policy = policy(min, min + extra);
    int replicas = Math.max(1, min);
    EngineState state = EngineState.initial();
    for (int i = 0; i < history.size(); i++) {
      Step s = history.get(i);
      Instant now = T0.plusSeconds(30L * i);
      var decision =
          engine.decide(
              new EngineInput(
                  policy,
                  signals(s, now),
                  Fixtures.workload(replicas, Math.min(s.ready(), replicas)),
                  state,
                  now));
      assertThat(decision.replicas()).isBetween(policy.minReplicas(), policy.maxReplicas());
      replicas = decision.replicas();
      state = decision.next();
    }
  }

  @Property(tries = 200)
  void withoutFreshDataItNeverScalesDownNorShrinks(
      @ForAll("histories") List<Step> history,
      @ForAll @IntRange(min = 1, max = 20) int current,
      @ForAll @DoubleRange(min = 121, max = 3600) double ageSeconds) {
    EnginePolicy policy = policy(1, 40);
    EngineState state = EngineState.initial();
    // Learn from a fresh history first, then only stale data arrives.
    int replicas = current;
    for (int i = 0; i < history.size(); i++) {
      Instant now = T0.plusSeconds(30L * i);
      state =
          engine
              .decide(
                  new EngineInput(
                      policy,
                      signals(history.get(i), now),
                      Fixtures.workload(replicas, replicas),
                      state,
                      now))
              .next();
    }
    Instant later = T0.plusSeconds(30L * history.size());
    Instant staleAt = later.minusMillis((long) (ageSeconds * 1000));
    var decision =
        engine.decide(
            new EngineInput(
                policy,
                signals(history.get(0), staleAt),
                Fixtures.workload(current, current),
                state,
                later));
    assertThat(decision.replicas()).isGreaterThanOrEqualTo(Math.min(current, 40));
    var app = decision.resources().get("app");
    assertThat(app.cpuRequestMillis()).isGreaterThanOrEqualTo(Fixtures.ONE_CORE.cpuRequestMillis());
    assertThat(app.memoryRequestBytes())
        .isGreaterThanOrEqualTo(Fixtures.ONE_CORE.memoryRequestBytes());
  }

  @Property(tries = 100)
  void neverChangesDirectionTwiceWithinTheScaleDownStabilizationWindow(
      @ForAll("histories") List<Step> history) {
    EnginePolicy policy = policy(1, 40);
    EngineState state = EngineState.initial();
    int replicas = 5;
    int lastDirection = 0;
    Instant lastChange = null;
    for (int i = 0; i < history.size(); i++) {
      Instant now = T0.plusSeconds(15L * i);
      var decision =
          engine.decide(
              new EngineInput(
                  policy,
                  signals(history.get(i), now),
                  Fixtures.workload(replicas, replicas),
                  state,
                  now));
      int direction = Integer.signum(decision.replicas() - replicas);
      if (direction != 0 && lastDirection != 0 && direction != lastDirection) {
        if (direction < 0) {
          // A reversal downwards must wait out the scale-down window after the last move.
          assertThat(Duration.between(lastChange, now))
              .isGreaterThanOrEqualTo(Duration.ofSeconds(300));
        }
      }
      if (direction != 0) {
        lastDirection = direction;
        lastChange = now;
      }
      replicas = decision.replicas();
      state = decision.next();
    }
  }

  private static Signals signals(Step s, Instant at) {
    if (!s.present()) {
      return Signals.none();
    }
    return new Signals(
        Optional.of(new Sample(s.rps(), at)),
        Map.of(0.95, new Sample(s.p95(), at)),
        Optional.empty(),
        Optional.empty(),
        Optional.of(new Sample(s.cpuPerPod(), at)),
        Optional.empty(),
        Map.of("app", new ContainerUsage(s.cpuPerPod(), 300L << 20, 0, at)));
  }
}
