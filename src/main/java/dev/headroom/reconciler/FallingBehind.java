package dev.headroom.reconciler;

import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says, in one log line a minute at most, that scheduled evaluations are done long after they fell
 * due: more than half their interval (and at least {@link #AT_LEAST}) late. The lag of every
 * evaluation is in {@code headroom_evaluation_lag_seconds}; this line is for whoever reads the log
 * when the operator cannot keep up (too few reconcile threads, a slow Prometheus, a throttled
 * apiserver).
 */
final class FallingBehind {
  private static final Logger LOG = LoggerFactory.getLogger(FallingBehind.class);

  static final Duration AT_LEAST = Duration.ofSeconds(5);
  static final Duration REPORT_EVERY = Duration.ofMinutes(1);

  private Instant lastReport = Instant.MIN;
  private int sinceReport;

  /** Whether this lag counts as falling behind for a policy evaluated every {@code interval}. */
  static boolean isBehind(Duration late, Duration interval) {
    Duration half = interval.dividedBy(2);
    return late.compareTo(half.compareTo(AT_LEAST) > 0 ? half : AT_LEAST) > 0;
  }

  /**
   * Counts a late evaluation and logs at most one line per {@link #REPORT_EVERY}.
   *
   * @return whether a line was logged
   */
  synchronized boolean observe(String policy, Duration late, Duration interval, Instant now) {
    if (!isBehind(late, interval)) {
      return false;
    }
    sinceReport++;
    if (Duration.between(lastReport, now).compareTo(REPORT_EVERY) < 0) {
      return false;
    }
    LOG.warn(
        "Evaluations are falling behind: {} was done {} ms after it fell due (every {} s); {}"
            + " evaluation(s) more than half an interval late since the last report. See"
            + " headroom_evaluation_lag_seconds.",
        policy,
        late.toMillis(),
        interval.toSeconds(),
        sinceReport);
    lastReport = now;
    sinceReport = 0;
    return true;
  }
}
