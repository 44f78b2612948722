package dev.headroom.engine;

import static dev.headroom.engine.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.headroom.testing.random.Gen;
import dev.headroom.testing.random.Seeds;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The engine's safety invariants, over arbitrary sequences of observations. */
class EngineInvariantsTest {
  private final Engine engine = new Engine();

  record Step(double rps, double cpuPerPod, double p95, boolean present, int ready) {}

  /** 200 cases per property. */
  static Stream<Long> seeds() {
    return Seeds.of(200);
  }

  /** 1 to 40 observations; three in four carry data. */
  private static List<Step> history(Gen gen) {
    return gen.list(
        1,
        40,
        g ->
            new Step(
                g.doubles(0, 500),
                g.doubles(0, 1.2),
                g.doubles(0.001, 5),
                g.oneOf(true, true, true, false),
                g.ints(0, 30)));
  }

  private static EnginePolicy policy(int min, int max) {
    var rules =
        new ResourceRules(ResourceMode.REQUESTS_AND_LIMITS, 0.1, Duration.ofMinutes(5), Map.of());
    return Fixtures.withResources(
        Fixtures.policy(List.of(Fixtures.p95(0.3), Fixtures.cpuUtilization(0.6)), min, max), rules);
  }

  @ParameterizedTest(name = Seeds.NAME)
  @MethodSource("seeds")
  void replicasNeverLeaveTheBounds(long seed) {
    Gen gen = new Gen(seed);
    List<Step> history = history(gen);
    int min = gen.ints(1, 5);
    int extra = gen.ints(0, 30);
    Seeds.check(
        seed,
        () -> "min=" + min + " extra=" + extra + " history=" + history,
        () -> replicasNeverLeaveTheBounds(history, min, extra));
  }

  private void replicasNeverLeaveTheBounds(List<Step> history, int min, int extra) {
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

  @ParameterizedTest(name = Seeds.NAME)
  @MethodSource("seeds")
  void withoutFreshDataItNeverScalesDownNorShrinks(long seed) {
    Gen gen = new Gen(seed);
    List<Step> history = history(gen);
    int current = gen.ints(1, 20);
    double ageSeconds = gen.doubles(121, 3600);
    Seeds.check(
        seed,
        () -> "current=" + current + " ageSeconds=" + ageSeconds + " history=" + history,
        () -> withoutFreshDataItNeverScalesDownNorShrinks(history, current, ageSeconds));
  }

  private void withoutFreshDataItNeverScalesDownNorShrinks(
      List<Step> history, int current, double ageSeconds) {
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

  @ParameterizedTest(name = Seeds.NAME)
  @MethodSource("seeds")
  void neverChangesDirectionTwiceWithinTheScaleDownStabilizationWindow(long seed) {
    List<Step> history = history(new Gen(seed));
    Seeds.check(
        seed,
        () -> "history=" + history,
        () -> neverChangesDirectionTwiceWithinTheScaleDownStabilizationWindow(history));
  }

  private void neverChangesDirectionTwiceWithinTheScaleDownStabilizationWindow(List<Step> history) {
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
