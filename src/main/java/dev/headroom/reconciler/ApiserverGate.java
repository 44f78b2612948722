package dev.headroom.reconciler;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Whether this operator's requests to the apiserver can go ahead, learned from their failures.
 * Evaluating a policy while the apiserver cannot take its status or its change would decide what
 * cannot be applied, and would have every policy time out in turn on its own requests; so after a
 * transient failure ({@link ApiFailure}) the gate closes, and evaluations wait.
 *
 * <p>It opens again by itself: after a 429, once the {@code Retry-After} the apiserver asked for
 * has passed and one evaluation let through as a trial succeeded (the others wait meanwhile, and a
 * failed trial doubles the wait); otherwise when a cheap probe (the apiserver's {@code /readyz}, no
 * retries) answers, tried once per back-off step, 1 s doubling to {@link #LONGEST_WAIT}, shared by
 * every policy, by the first evaluation due after the wait or by the stall watch ({@link #watch}),
 * whichever comes first. Thread-safe.
 */
final class ApiserverGate {
  static final Duration FIRST_WAIT = Duration.ofSeconds(1);
  static final Duration LONGEST_WAIT = Duration.ofSeconds(8);

  /** Evaluations take well under a second; one in flight for this long waits on something. */
  static final Duration STALLED_AFTER = Duration.ofSeconds(5);

  /** A stretch during which the gate was closed. */
  record Outage(Instant since, Instant until, ApiFailure.Kind kind, int failures) {
    Duration length() {
      return Duration.between(since, until);
    }
  }

  private final Clock clock;
  private final BooleanSupplier probe;

  private Instant closedSince;
  private Instant closedUntil;
  private Duration wait = FIRST_WAIT;
  private ApiFailure.Kind kind;
  private int failures;
  private boolean probing;
  private boolean trial;
  private Optional<Outage> lastOutage = Optional.empty();
  private Instant lastReopened;

  /**
   * @param probe whether the apiserver answers now, without retries; empty to let the next
   *     evaluation's own requests try once the wait has passed
   */
  ApiserverGate(Clock clock, Optional<BooleanSupplier> probe) {
    this.clock = clock;
    this.probe = probe.orElse(() -> true);
  }

  /**
   * An evaluation went through without a failure that passes. It opens the gate when it was the
   * trial let through after a throttled wait; other evaluations (those that began before the gate
   * closed, or needed no request) say nothing about the apiserver now.
   */
  synchronized void succeeded() {
    if (trial) {
      trial = false;
      probing = false;
      reopen(clock.instant());
    }
  }

  /** A request failed transiently: close the gate, or keep it closed and wait longer. */
  synchronized void failed(ApiFailure failure) {
    Instant now = clock.instant();
    if (trial) {
      trial = false;
      probing = false;
    }
    if (closedSince == null) {
      closedSince = now;
      wait = FIRST_WAIT;
      failures = 0;
    } else {
      wait = wait.multipliedBy(2).compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : wait.multipliedBy(2);
    }
    failures++;
    kind = failure.kind();
    Duration asked = failure.retryAfter().orElse(Duration.ZERO);
    closedUntil = now.plus(asked.compareTo(wait) > 0 ? asked : wait);
  }

  /**
   * Empty when requests may go ahead now; else how long to wait before asking again. Once the wait
   * has passed, the first caller probes (the others are told to wait meanwhile); a probe that fails
   * closes the gate for a longer wait.
   */
  Optional<Duration> closedFor() {
    Instant now = clock.instant();
    synchronized (this) {
      if (closedSince == null) {
        return Optional.empty();
      }
      if (probing && trial && !now.isBefore(closedUntil.plus(LONGEST_WAIT))) {
        // A trial that never reported (its evaluation died): another may try.
        probing = false;
        trial = false;
      }
      if (probing || now.isBefore(closedUntil)) {
        return Optional.of(probing ? wait : Duration.between(now, closedUntil));
      }
      probing = true;
      if (kind == ApiFailure.Kind.THROTTLED) {
        // Asked to wait, and waited: one evaluation's own requests are the test (a probe would
        // not be throttled as they are), while the others keep waiting; see succeeded().
        trial = true;
        return Optional.empty();
      }
    }
    boolean answers = false;
    try {
      answers = probe.getAsBoolean();
    } finally {
      synchronized (this) {
        probing = false;
        if (answers) {
          reopen(clock.instant());
        } else {
          failed(new ApiFailure(kind, "probe", Optional.empty()));
        }
      }
    }
    return answers ? Optional.empty() : Optional.of(wait);
  }

  /** How long until the gate may open, without probing or starting a trial; empty when open. */
  synchronized Optional<Duration> remaining() {
    if (closedSince == null) {
      return Optional.empty();
    }
    Duration left = Duration.between(clock.instant(), closedUntil);
    return Optional.of(left.isNegative() || left.isZero() ? FIRST_WAIT : left);
  }

  /** Whether the apiserver says it is ready now (one probe), whatever the gate's state. */
  boolean apiserverReady() {
    return probe.getAsBoolean();
  }

  /**
   * Closes the gate when an evaluation has been in flight for longer than {@link #STALLED_AFTER}
   * and the probe says the apiserver is not ready: an apiserver whose etcd is away holds requests
   * instead of refusing them, and evaluations would otherwise start, decide and hang in turn.
   * Called every few seconds; probes only while an evaluation is that old, or once the wait of a
   * closed gate (not throttled) has passed, which it then opens if the apiserver answers.
   *
   * @return the failure it closed the gate for, if it did
   */
  Optional<ApiFailure> watch(Optional<Instant> oldestInFlight) {
    Instant now = clock.instant();
    boolean probeNow;
    synchronized (this) {
      probeNow =
          closedSince != null && kind != ApiFailure.Kind.THROTTLED && !now.isBefore(closedUntil);
      if (closedSince != null && !probeNow) {
        return Optional.empty();
      }
    }
    if (probeNow) {
      // Closed by a request no evaluation retries soon (an Event, a stall): probe here, so that
      // readiness and the next evaluation do not wait for some policy's turn.
      closedFor();
      return Optional.empty();
    }
    if (oldestInFlight.isEmpty()
        || Duration.between(oldestInFlight.get(), now).compareTo(STALLED_AFTER) < 0) {
      return Optional.empty();
    }
    if (probe.getAsBoolean()) {
      return Optional.empty();
    }
    ApiFailure stalled =
        new ApiFailure(
            ApiFailure.Kind.TIMEOUT,
            "an evaluation has waited "
                + Duration.between(oldestInFlight.get(), now).toSeconds()
                + " s on an apiserver that is not ready",
            Optional.empty());
    failed(stalled);
    return Optional.of(stalled);
  }

  /** The stretch the gate was closed, once, after it opened again; empty otherwise. */
  synchronized Optional<Outage> takeReopened() {
    Optional<Outage> outage = lastOutage;
    lastOutage = Optional.empty();
    return outage;
  }

  /** Whether the gate was closed at any time since {@code since} (without probing). */
  synchronized boolean closedSince(Instant since) {
    return closedSince != null || (lastReopened != null && lastReopened.isAfter(since));
  }

  /** Whether the gate is closed now (without probing). */
  synchronized boolean closed() {
    return closedSince != null;
  }

  private void reopen(Instant now) {
    lastOutage = Optional.of(new Outage(closedSince, now, kind, failures));
    lastReopened = now;
    closedSince = null;
    closedUntil = null;
    wait = FIRST_WAIT;
    failures = 0;
  }
}
