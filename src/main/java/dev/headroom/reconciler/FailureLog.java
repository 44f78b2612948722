package dev.headroom.reconciler;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import org.slf4j.Logger;

/**
 * Logs transient apiserver failures as one line per kind per {@link #EVERY}, with the number of
 * failures the line stands for and no stack trace: during a 45 s outage every policy's requests
 * fail, and what an operator needs from the log is that the apiserver was away, for how long, and
 * that it is back. Thread-safe.
 */
final class FailureLog {
  static final Duration EVERY = Duration.ofMinutes(1);

  private record Logged(Instant at, int since) {}

  private final Logger log;
  private final Clock clock;
  private final String consequence;
  private final Map<ApiFailure.Kind, Logged> lastLine = new EnumMap<>(ApiFailure.Kind.class);

  /**
   * @param consequence what follows from the failure, for the line
   */
  FailureLog(Logger log, Clock clock, String consequence) {
    this.log = log;
    this.clock = clock;
    this.consequence = consequence;
  }

  /** Counts the failure, and logs it when no line of its kind was logged for a minute. */
  void failed(ApiFailure failure) {
    Instant now = clock.instant();
    int suppressed;
    synchronized (this) {
      Logged last = lastLine.get(failure.kind());
      if (last != null && now.isBefore(last.at().plus(EVERY))) {
        lastLine.put(failure.kind(), new Logged(last.at(), last.since() + 1));
        return;
      }
      suppressed = last == null ? 0 : last.since();
      lastLine.put(failure.kind(), new Logged(now, 0));
    }
    log.warn(
        "apiserver request failed ({}: {}); {}{}; at most one such line a minute",
        failure.kind().reason(),
        failure.detail(),
        consequence,
        suppressed == 0 ? "" : "; " + suppressed + " more failed since the last line");
  }

  /**
   * The apiserver answers again: one line for the whole outage. The minute of each kind's last line
   * still runs: under throttling the gate opens and closes every few seconds, and each closing is
   * not news.
   */
  void recovered(ApiserverGate.Outage outage) {
    log.info(
        "the apiserver answers again after {} s ({}, {} failed attempts); evaluations resume",
        outage.length().toSeconds(),
        outage.kind().reason(),
        outage.failures());
  }
}
