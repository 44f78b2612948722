package dev.headroom.signals;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headroom.testing.random.Gen;
import dev.headroom.testing.random.Seeds;
import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class BackoffAndBreakerTest {
  static Stream<Long> seeds() {
    return Seeds.of(500);
  }

  @ParameterizedTest(name = Seeds.NAME)
  @MethodSource("seeds")
  void everyWaitIsBetweenHalfAndAllOfTheCappedExponential(long seed) {
    Gen gen = new Gen(seed);
    int attempt = gen.ints(1, 80);
    long baseMillis = gen.longs(1, 5_000);
    long maxMillis = gen.longs(1, 60_000);
    long jitterSeed = gen.anyLong();
    Seeds.check(
        seed,
        () ->
            "attempt=%d baseMillis=%d maxMillis=%d jitterSeed=%d"
                .formatted(attempt, baseMillis, maxMillis, jitterSeed),
        () -> {
          Backoff backoff =
              new Backoff(
                  Duration.ofMillis(baseMillis),
                  Duration.ofMillis(maxMillis),
                  new SplittableRandom(jitterSeed));
          long capped = Math.min(maxMillis, baseMillis * (1L << Math.min(attempt - 1, 30)));
          long wait = backoff.delayAfter(attempt).toMillis();
          assertThat(wait).isBetween(capped / 2, capped);
        });
  }

  @Test
  void theSameSeedGivesTheSameWaits() {
    Backoff a = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5), new SplittableRandom(9));
    Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5), new SplittableRandom(9));
    for (int attempt = 1; attempt < 10; attempt++) {
      assertThat(a.delayAfter(attempt)).isEqualTo(b.delayAfter(attempt));
    }
  }

  @Test
  void halfOpenLetsOneTrialThroughAtATime() {
    MutableClock clock = new MutableClock(Instant.EPOCH);
    CircuitBreaker breaker = new CircuitBreaker(1, Duration.ofSeconds(10), clock);
    assertThat(breaker.refusal()).isEmpty();
    breaker.failed("refused");
    assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
    assertThat(breaker.refusal()).get().asString().contains("last: refused", "in 10s");
    clock.advance(Duration.ofSeconds(10));
    assertThat(breaker.refusal()).as("the trial").isEmpty();
    assertThat(breaker.refusal()).as("a second caller during the trial").isPresent();
    breaker.succeeded();
    assertThat(breaker.refusal()).isEmpty();
    assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
  }
}
