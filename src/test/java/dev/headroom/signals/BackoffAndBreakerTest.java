package dev.headroom.signals;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class BackoffAndBreakerTest {
  @Property(tries = 500)
  void everyWaitIsBetweenHalfAndAllOfTheCappedExponential(
      @ForAll @IntRange(min = 1, max = 80) int attempt,
      @ForAll @LongRange(min = 1, max = 5_000) long baseMillis,
      @ForAll @LongRange(min = 1, max = 60_000) long maxMillis,
      @ForAll long seed) {
    Backoff backoff =
        new Backoff(
            Duration.ofMillis(baseMillis),
            Duration.ofMillis(maxMillis),
            new SplittableRandom(seed));
    long capped = Math.min(maxMillis, baseMillis * (1L << Math.min(attempt - 1, 30)));
    long wait = backoff.delayAfter(attempt).toMillis();
    assertThat(wait).isBetween(capped / 2, capped);
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
