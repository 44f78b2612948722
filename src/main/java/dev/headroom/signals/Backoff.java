package dev.headroom.signals;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Waits between attempts: exponential from {@code base}, capped at {@code max}, with "equal jitter"
 * (half the wait fixed, half random) so many operators retrying together spread out. The random
 * source is given, so a seeded one makes every wait reproducible.
 */
final class Backoff {
  private final Duration base;
  private final Duration max;
  private final RandomGenerator random;

  Backoff(Duration base, Duration max, RandomGenerator random) {
    this.base = base;
    this.max = max;
    this.random = random;
  }

  /** The wait after failed attempt {@code attempt} (1 for the first). */
  Duration delayAfter(int attempt) {
    long cap = max.toMillis();
    long exponential = base.toMillis() << Math.min(attempt - 1, 30);
    long delay = Math.min(cap, exponential < 0 ? cap : exponential);
    long half = delay / 2;
    long jitter;
    synchronized (random) {
      jitter = random.nextLong(delay - half + 1);
    }
    return Duration.ofMillis(half + jitter);
  }
}
