package dev.headroom.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LivenessTest {
  private static final Instant NOW = Instant.parse("2026-12-05T12:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  private final AtomicInteger asked = new AtomicInteger();

  private Liveness liveness(Optional<Instant> oldestInFlight, boolean apiserverAnswers) {
    return new Liveness(
        CLOCK,
        () -> oldestInFlight,
        () -> {
          asked.incrementAndGet();
          return apiserverAnswers;
        });
  }

  @Test
  void anIdleProcessIsLiveWhateverTheApiserverDoes() {
    assertThat(liveness(Optional.empty(), false).live()).isTrue();
    assertThat(asked).hasValue(0);
  }

  @Test
  void anApiserverOutageAloneNeverFailsLiveness() {
    // Evaluations that fail on the apiserver end within its timeouts: none stays in flight.
    assertThat(liveness(Optional.of(NOW.minusSeconds(20)), false).live()).isTrue();
    assertThat(asked).hasValue(0);
  }

  @Test
  void anEvaluationStuckForMinutesOnAnAnsweringApiserverIsAWedgedProcess() {
    Instant stuckSince = NOW.minus(Liveness.STUCK_AFTER).minusSeconds(1);
    assertThat(liveness(Optional.of(stuckSince), true).live()).isFalse();
  }

  @Test
  void anEvaluationStuckOnAnApiserverThatDoesNotAnswerIsNotRestartedAway() {
    Instant stuckSince = NOW.minus(Duration.ofMinutes(30));
    assertThat(liveness(Optional.of(stuckSince), false).live()).isTrue();
    assertThat(asked).hasValue(1);
  }
}
