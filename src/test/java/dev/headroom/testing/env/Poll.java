package dev.headroom.testing.env;

import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.opentest4j.AssertionFailedError;

/**
 * Waits for a condition by polling with a generous timeout. Real servers on a loaded two-core
 * machine answer late but do answer; a wait states what it waited for, and the last error seen, so
 * a timeout reads as a failure of that thing rather than of the clock.
 */
public final class Poll {
  private static final Duration INTERVAL = Duration.ofMillis(200);

  private Poll() {}

  public static void until(Duration timeout, String what, BooleanSupplier condition) {
    value(timeout, what, () -> condition.getAsBoolean() ? Optional.of(true) : Optional.empty());
  }

  /**
   * The first present value the supplier gives within the timeout. An exception from the supplier
   * counts as "not yet" (a server still starting refuses connections) and is reported on timeout;
   * only {@link ProcessExited} ends the wait at once.
   */
  public static <T> T value(Duration timeout, String what, Supplier<Optional<T>> probe) {
    long deadline = System.nanoTime() + timeout.toNanos();
    RuntimeException last = null;
    while (true) {
      try {
        Optional<T> value = probe.get();
        if (value.isPresent()) {
          return value.get();
        }
      } catch (ProcessExited e) {
        throw e;
      } catch (RuntimeException e) {
        last = e;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionFailedError(
            "timed out after "
                + timeout.toSeconds()
                + " s waiting for "
                + what
                + (last == null ? "" : "; last error: " + last),
            last);
      }
      try {
        Thread.sleep(INTERVAL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted waiting for " + what, e);
      }
    }
  }
}
