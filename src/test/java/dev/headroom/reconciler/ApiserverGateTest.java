package dev.headroom.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ApiserverGateTest {
  private static final ApiFailure REFUSED =
      new ApiFailure(ApiFailure.Kind.UNREACHABLE, "Connection refused", Optional.empty());

  private final SteppingClock clock = new SteppingClock(Instant.parse("2026-12-05T10:00:00Z"));
  private final AtomicBoolean answers = new AtomicBoolean(false);
  private final AtomicInteger probes = new AtomicInteger();
  private final ApiserverGate gate =
      new ApiserverGate(
          clock,
          Optional.of(
              () -> {
                probes.incrementAndGet();
                return answers.get();
              }));

  @Test
  void openUntilARequestFails() {
    assertThat(gate.closedFor()).isEmpty();
    assertThat(gate.closed()).isFalse();
    assertThat(probes).hasValue(0);
  }

  @Test
  void closedAfterAFailureAndProbedOncePerBackOffStepSharedByEveryCaller() {
    gate.failed(REFUSED);
    assertThat(gate.closedFor()).contains(Duration.ofSeconds(1));
    clock.advance(Duration.ofMillis(500));
    assertThat(gate.closedFor()).contains(Duration.ofMillis(500));
    assertThat(probes).as("no probe before the wait has passed").hasValue(0);

    clock.advance(Duration.ofMillis(500));
    assertThat(gate.closedFor()).as("probe fails: wait doubles").contains(Duration.ofSeconds(2));
    assertThat(gate.closedFor()).contains(Duration.ofSeconds(2));
    assertThat(probes).hasValue(1);

    for (int i = 0; i < 10; i++) {
      clock.advance(gate.closedFor().orElseThrow());
      gate.closedFor();
    }
    assertThat(gate.closedFor()).as("the wait stops growing").contains(ApiserverGate.LONGEST_WAIT);

    answers.set(true);
    clock.advance(ApiserverGate.LONGEST_WAIT);
    assertThat(gate.closedFor()).isEmpty();
    var outage = gate.takeReopened().orElseThrow();
    assertThat(outage.kind()).isEqualTo(ApiFailure.Kind.UNREACHABLE);
    assertThat(outage.since()).isEqualTo(Instant.parse("2026-12-05T10:00:00Z"));
    assertThat(outage.until()).isEqualTo(clock.instant());
    assertThat(gate.takeReopened()).as("reported once").isEmpty();
  }

  @Test
  void aThrottledGateWaitsWhatTheApiserverAskedThenLetsOneEvaluationTryWithoutAProbe() {
    ApiFailure throttled =
        new ApiFailure(ApiFailure.Kind.THROTTLED, "HTTP 429", Optional.of(Duration.ofSeconds(5)));
    gate.failed(throttled);
    assertThat(gate.closedFor()).contains(Duration.ofSeconds(5));
    clock.advance(Duration.ofSeconds(5));
    assertThat(gate.closedFor()).as("the trial").isEmpty();
    assertThat(gate.closedFor()).as("the others wait for it").isPresent();
    gate.failed(throttled);
    assertThat(gate.closedFor())
        .as("a failed trial: the longer of the doubled wait and what was asked")
        .contains(Duration.ofSeconds(5));
    clock.advance(Duration.ofSeconds(5));
    assertThat(gate.closedFor()).as("the next trial").isEmpty();
    gate.succeeded();
    assertThat(gate.closed()).isFalse();
    assertThat(gate.closedFor()).isEmpty();
    assertThat(gate.takeReopened().map(ApiserverGate.Outage::kind))
        .contains(ApiFailure.Kind.THROTTLED);
    assertThat(probes).hasValue(0);
  }

  @Test
  void anEvaluationStalledOnAnApiserverThatIsNotReadyClosesTheGate() {
    Instant started = clock.instant();
    assertThat(gate.watch(Optional.empty())).isEmpty();
    clock.advance(Duration.ofSeconds(4));
    assertThat(gate.watch(Optional.of(started))).as("not stalled yet").isEmpty();
    assertThat(probes).hasValue(0);

    clock.advance(Duration.ofSeconds(2));
    answers.set(true);
    assertThat(gate.watch(Optional.of(started))).as("slow, but the apiserver is ready").isEmpty();
    assertThat(gate.closed()).isFalse();

    answers.set(false);
    assertThat(gate.watch(Optional.of(started)).map(ApiFailure::kind))
        .contains(ApiFailure.Kind.TIMEOUT);
    assertThat(gate.closed()).isTrue();
    assertThat(probes).hasValue(2);
    assertThat(gate.watch(Optional.of(started))).as("closed already: no probe").isEmpty();
    assertThat(probes).hasValue(2);
  }

  @Test
  void aTrialThatNeverReportsIsGivenUpAndAnotherMayTry() {
    ApiFailure throttled = new ApiFailure(ApiFailure.Kind.THROTTLED, "HTTP 429", Optional.empty());
    gate.failed(throttled);
    clock.advance(Duration.ofSeconds(1));
    assertThat(gate.closedFor()).as("the trial, which then dies").isEmpty();
    clock.advance(ApiserverGate.LONGEST_WAIT);
    assertThat(gate.closedFor()).as("another trial").isEmpty();
    gate.succeeded();
    assertThat(gate.closed()).isFalse();
  }

  @Test
  void theWatchReopensAGateNoEvaluationAsksAbout() {
    gate.failed(REFUSED);
    assertThat(gate.remaining()).contains(Duration.ofSeconds(1));
    answers.set(true);
    assertThat(gate.watch(Optional.empty())).isEmpty();
    assertThat(gate.closed()).as("not before the wait").isTrue();
    clock.advance(Duration.ofSeconds(1));
    assertThat(gate.watch(Optional.empty())).isEmpty();
    assertThat(gate.closed()).isFalse();
    assertThat(gate.takeReopened()).isPresent();

    gate.failed(new ApiFailure(ApiFailure.Kind.THROTTLED, "HTTP 429", Optional.empty()));
    clock.advance(Duration.ofSeconds(1));
    gate.watch(Optional.empty());
    assertThat(gate.closed()).as("a throttled gate waits for an evaluation's trial").isTrue();
  }

  @Test
  void successesOtherThanTheTrialSayNothing() {
    gate.failed(REFUSED);
    gate.succeeded();
    assertThat(gate.closed()).isTrue();
  }

  @Test
  void aFailureAfterReopeningStartsTheBackOffAgain() {
    gate.failed(REFUSED);
    gate.failed(REFUSED);
    answers.set(true);
    clock.advance(Duration.ofSeconds(2));
    assertThat(gate.closedFor()).isEmpty();
    gate.failed(REFUSED);
    assertThat(gate.closedFor()).contains(Duration.ofSeconds(1));
  }
}
