package dev.headroom.actuation;

import dev.headroom.api.v1alpha1.GoDuration;
import dev.headroom.api.v1alpha1.ResourcePolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * No rollout of a target by Headroom more often than the policy's {@code minRolloutInterval}. Pure:
 * the time of the last rollout comes from the caller (the policy's status, so a restart does not
 * forget it).
 *
 * @param minInterval the least time between two rollouts
 */
public record RolloutRateLimit(Duration minInterval) {
  /** The schema's default for {@code resources.minRolloutInterval}. */
  public static final String DEFAULT_MIN_ROLLOUT_INTERVAL = "15m";

  public RolloutRateLimit {
    if (minInterval.isNegative()) {
      throw new IllegalArgumentException("minInterval must not be negative: " + minInterval);
    }
  }

  /** The policy's interval, or the default when the policy has no resources section or value. */
  public static RolloutRateLimit of(ResourcePolicy resources) {
    String text =
        resources == null || resources.minRolloutInterval() == null
            ? DEFAULT_MIN_ROLLOUT_INTERVAL
            : resources.minRolloutInterval();
    return new RolloutRateLimit(GoDuration.parse(text));
  }

  /**
   * May Headroom roll the target out at {@code now}, when its last rollout was at {@code
   * lastRollout} (empty: never)?
   */
  public RolloutPermit check(Optional<Instant> lastRollout, Instant now) {
    if (lastRollout.isEmpty()) {
      return new RolloutPermit(true, Optional.empty(), "no earlier rollout by Headroom");
    }
    Instant notBefore = lastRollout.get().plus(minInterval);
    if (!now.isBefore(notBefore)) {
      return new RolloutPermit(
          true,
          Optional.empty(),
          "last rollout at " + lastRollout.get() + ", at least " + go(minInterval) + " ago");
    }
    return new RolloutPermit(
        false,
        Optional.of(notBefore),
        "last rollout at "
            + lastRollout.get()
            + "; the next may be at "
            + notBefore
            + " (minRolloutInterval "
            + go(minInterval)
            + ")");
  }

  /** {@code 15m}, {@code 1h30m}: the duration as a policy writes it. */
  static String go(Duration d) {
    return d.isZero() ? "0s" : d.toString().substring(2).toLowerCase(java.util.Locale.ROOT);
  }
}
