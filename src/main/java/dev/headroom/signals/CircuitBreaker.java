package dev.headroom.signals;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;

/**
 * One endpoint's circuit: after {@code threshold} failed attempts in a row (unreachable, timeout,
 * 5xx) it opens and refuses queries for {@code openFor}; then it lets one trial through (half
 * open): success closes it, failure opens it again. Failures that say nothing about the server's
 * health (a bad query, 401) do not count.
 */
final class CircuitBreaker {
  enum State {
    CLOSED,
    OPEN,
    HALF_OPEN
  }

  private final int threshold;
  private final Duration openFor;
  private final InstantSource clock;
  private State state = State.CLOSED;
  private int failures;
  private Instant openedAt = Instant.EPOCH;
  private String lastFailure = "";
  private boolean trialInFlight;

  CircuitBreaker(int threshold, Duration openFor, InstantSource clock) {
    this.threshold = threshold;
    this.openFor = openFor;
    this.clock = clock;
  }

  /** Empty when a query may go; else why not, for the signal's message. */
  synchronized Optional<String> refusal() {
    if (state == State.OPEN && !clock.instant().isBefore(openedAt.plus(openFor))) {
      state = State.HALF_OPEN;
      trialInFlight = false;
    }
    if (state == State.CLOSED) {
      return Optional.empty();
    }
    if (state == State.HALF_OPEN && !trialInFlight) {
      trialInFlight = true;
      return Optional.empty();
    }
    Duration left = Duration.between(clock.instant(), openedAt.plus(openFor));
    return Optional.of(
        "not asked: "
            + failures
            + " failures in a row (last: "
            + lastFailure
            + "); the next try is in "
            + Math.max(0, left.toSeconds())
            + "s");
  }

  synchronized void succeeded() {
    state = State.CLOSED;
    failures = 0;
    trialInFlight = false;
  }

  synchronized void failed(String why) {
    failures++;
    lastFailure = why;
    trialInFlight = false;
    if (state == State.HALF_OPEN || failures >= threshold) {
      state = State.OPEN;
      openedAt = clock.instant();
    }
  }

  synchronized State state() {
    return state;
  }
}
