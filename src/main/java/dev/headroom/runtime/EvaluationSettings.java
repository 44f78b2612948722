package dev.headroom.runtime;

import dev.headroom.signals.SignalSettings;
import java.time.Duration;

/**
 * Operator-wide evaluation settings a platform team sets once for every policy (the Helm chart's
 * {@code evaluation.*} values).
 *
 * @param minInterval the shortest interval between a policy's scheduled evaluations, whatever it
 *     asks: a cap on the steady query load one operator puts on Prometheus (spec changes and OOM
 *     kills still trigger an evaluation at once)
 * @param queryTimeout the longest one Prometheus query may take
 * @param scrapeInterval Prometheus' scrape interval; samples older than two are stale
 */
public record EvaluationSettings(
    Duration minInterval, Duration queryTimeout, Duration scrapeInterval) {
  /** No floor beyond the CRD's own 5 s minimum, and the signals layer's defaults. */
  public static final EvaluationSettings DEFAULTS =
      new EvaluationSettings(
          Duration.ofSeconds(5),
          SignalSettings.defaults().readTimeout(),
          SignalSettings.defaults().scrapeInterval());

  public EvaluationSettings {
    positive(minInterval, "the minimum evaluation interval");
    positive(queryTimeout, "the query timeout");
    positive(scrapeInterval, "the scrape interval");
  }

  /** The signals layer's settings with these in place of its defaults. */
  public SignalSettings signalSettings() {
    SignalSettings defaults = SignalSettings.defaults();
    return defaults
        .withTimeouts(defaults.connectTimeout(), queryTimeout)
        .withScrapeInterval(scrapeInterval);
  }

  private static void positive(Duration duration, String what) {
    if (duration == null || duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException(what + " must be positive, got " + duration);
    }
  }
}
