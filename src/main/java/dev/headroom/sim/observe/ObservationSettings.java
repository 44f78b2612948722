package dev.headroom.sim.observe;

import java.util.Arrays;
import java.util.Collections;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * How the simulated monitoring works.
 *
 * @param scrapeIntervalSeconds Prometheus' scrape interval
 * @param scrapeOffsetSeconds the phase of the scrapes: they happen at seconds where (second -
 *     offset) is a multiple of the interval, so data is on average half an interval old when read
 * @param rateWindowSeconds the range of every {@code rate()} in the queries
 * @param historyWindowSeconds the range for the CPU p95 and memory peak answers
 * @param latencyBucketsSeconds the latency histogram's finite upper bounds, increasing (+Inf is
 *     implied)
 * @param quantiles the latency quantiles Prometheus is asked for
 * @param prometheusDown an optional window during which Prometheus neither scrapes nor answers
 */
public record ObservationSettings(
    int scrapeIntervalSeconds,
    int scrapeOffsetSeconds,
    int rateWindowSeconds,
    int historyWindowSeconds,
    double[] latencyBucketsSeconds,
    Set<Double> quantiles,
    Optional<DownWindow> prometheusDown) {

  public static final int DEFAULT_SCRAPE_INTERVAL_SECONDS = 15;
  public static final int DEFAULT_RATE_WINDOW_SECONDS = 60;
  public static final int DEFAULT_HISTORY_WINDOW_SECONDS = 3600;

  /** metrics-server's resolution: how often it samples every pod's CPU. */
  public static final int METRICS_SERVER_RESOLUTION_SECONDS = 15;

  /** The Prometheus Java client's default buckets. */
  public static final double[] DEFAULT_LATENCY_BUCKETS_SECONDS = {
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10
  };

  /** When Prometheus is unavailable: [fromSecond, toSecond). */
  public record DownWindow(int fromSecond, int toSecond) {
    public boolean covers(int second) {
      return second >= fromSecond && second < toSecond;
    }
  }

  public ObservationSettings {
    if (scrapeIntervalSeconds < 1 || rateWindowSeconds < 1 || historyWindowSeconds < 1) {
      throw new IllegalArgumentException("scrape interval and windows must be >= 1 s");
    }
    if (scrapeOffsetSeconds < 0 || scrapeOffsetSeconds >= scrapeIntervalSeconds) {
      throw new IllegalArgumentException("scrapeOffsetSeconds must be in [0, scrape interval)");
    }
    for (int i = 0; i < latencyBucketsSeconds.length; i++) {
      if (!(latencyBucketsSeconds[i] > 0)
          || (i > 0 && !(latencyBucketsSeconds[i] > latencyBucketsSeconds[i - 1]))) {
        throw new IllegalArgumentException("latency buckets must be > 0 and increasing");
      }
    }
    latencyBucketsSeconds = latencyBucketsSeconds.clone();
    // Sorted, so that everything iterating it does so in the same order on every JVM.
    quantiles = Collections.unmodifiableSortedSet(new TreeSet<>(quantiles));
  }

  /** Defaults: 15 s scrapes at offset 7, 60 s rate window, 1 h history, default buckets. */
  public static ObservationSettings defaults(Set<Double> quantiles) {
    return new ObservationSettings(
        DEFAULT_SCRAPE_INTERVAL_SECONDS,
        DEFAULT_SCRAPE_INTERVAL_SECONDS / 2,
        DEFAULT_RATE_WINDOW_SECONDS,
        DEFAULT_HISTORY_WINDOW_SECONDS,
        DEFAULT_LATENCY_BUCKETS_SECONDS,
        quantiles,
        Optional.empty());
  }

  @Override
  public double[] latencyBucketsSeconds() {
    return latencyBucketsSeconds.clone();
  }

  /** Finite buckets plus +Inf. */
  public int histogramBuckets() {
    return latencyBucketsSeconds.length + 1;
  }

  public boolean scrapesAt(int second) {
    return second >= scrapeOffsetSeconds
        && (second - scrapeOffsetSeconds) % scrapeIntervalSeconds == 0;
  }

  public boolean prometheusDownAt(int second) {
    return prometheusDown.map(w -> w.covers(second)).orElse(false);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ObservationSettings that
        && scrapeIntervalSeconds == that.scrapeIntervalSeconds
        && scrapeOffsetSeconds == that.scrapeOffsetSeconds
        && rateWindowSeconds == that.rateWindowSeconds
        && historyWindowSeconds == that.historyWindowSeconds
        && Arrays.equals(latencyBucketsSeconds, that.latencyBucketsSeconds)
        && quantiles.equals(that.quantiles)
        && prometheusDown.equals(that.prometheusDown);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(latencyBucketsSeconds) * 31 + quantiles.hashCode();
  }

  @Override
  public String toString() {
    return "ObservationSettings[scrape="
        + scrapeIntervalSeconds
        + " s @"
        + scrapeOffsetSeconds
        + ", rate window="
        + rateWindowSeconds
        + " s, history="
        + historyWindowSeconds
        + " s, buckets="
        + Arrays.toString(latencyBucketsSeconds)
        + ", quantiles="
        + quantiles
        + ", down="
        + prometheusDown
        + "]";
  }
}
