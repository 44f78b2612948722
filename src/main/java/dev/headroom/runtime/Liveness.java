package dev.headroom.runtime;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * What {@code /healthz}, the liveness probe, answers: whether this process can make progress, not
 * whether the apiserver is up. The kubelet restarts a pod whose liveness fails; a restart helps a
 * wedged process (an evaluation stuck for minutes: a deadlock, a thread waiting on nothing) and
 * never an apiserver outage, during which every replica in every cluster would otherwise be
 * restarted at once, at every control-plane upgrade. So: live unless an evaluation has been running
 * for longer than {@link #STUCK_AFTER} while the apiserver answers. Informers that cannot sync are
 * readiness's business.
 */
final class Liveness {
  /** Evaluations take well under a second; their requests time out within a few minutes. */
  static final Duration STUCK_AFTER = Duration.ofMinutes(5);

  private final Clock clock;
  private final Supplier<Optional<Instant>> oldestInFlight;
  private final BooleanSupplier apiserverAnswers;

  /**
   * @param oldestInFlight when the longest-running evaluation now in flight started
   * @param apiserverAnswers whether the apiserver answers now; asked only for a stuck evaluation
   */
  Liveness(
      Clock clock, Supplier<Optional<Instant>> oldestInFlight, BooleanSupplier apiserverAnswers) {
    this.clock = clock;
    this.oldestInFlight = oldestInFlight;
    this.apiserverAnswers = apiserverAnswers;
  }

  boolean live() {
    Optional<Instant> oldest = oldestInFlight.get();
    if (oldest.isEmpty()
        || Duration.between(oldest.get(), clock.instant()).compareTo(STUCK_AFTER) <= 0) {
      return true;
    }
    // Stuck for minutes, but on an apiserver that does not answer a restart would not help.
    return !apiserverAnswers.getAsBoolean();
  }
}
