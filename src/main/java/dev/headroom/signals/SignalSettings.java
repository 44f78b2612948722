package dev.headroom.signals;

import java.time.Duration;
import java.util.Objects;

/**
 * How the signals layer reads Prometheus: the operator's settings, the same for every policy.
 *
 * @param connectTimeout how long to wait for a TCP (and TLS) connection
 * @param readTimeout how long one query may take, answer included; also sent to Prometheus as the
 *     query's {@code timeout}
 * @param maxAttempts attempts per query for retryable failures (unreachable, timeout, 5xx, 429)
 * @param backoffBase the wait before the second attempt; it doubles per attempt, with jitter
 * @param backoffMax the longest wait between attempts
 * @param breakerThreshold failed attempts in a row after which an endpoint's circuit opens
 * @param breakerOpenFor how long an open circuit refuses queries before one trial
 * @param scrapeInterval Prometheus' scrape interval; data older than two of them is stale
 * @param batching answer policies that share an endpoint and a metric with one grouped query
 * @param parallelism queries in flight at once per endpoint (scheme, host and port)
 * @param resourceRateWindow the {@code rate()} window for CPU when no CPU budget gives one
 * @param usageHistory how far back rightsizing looks (CPU percentile, memory peak)
 * @param usageHistoryStep the subquery step of the CPU percentile over the history
 * @param cpuHighQuantile the CPU percentile rightsizing reads, e.g. 0.95
 * @param maxNamespacesInFilter a batched query lists its namespaces up to this many, else none
 */
public record SignalSettings(
    Duration connectTimeout,
    Duration readTimeout,
    int maxAttempts,
    Duration backoffBase,
    Duration backoffMax,
    int breakerThreshold,
    Duration breakerOpenFor,
    Duration scrapeInterval,
    boolean batching,
    int parallelism,
    Duration resourceRateWindow,
    Duration usageHistory,
    Duration usageHistoryStep,
    double cpuHighQuantile,
    int maxNamespacesInFilter) {

  public SignalSettings {
    positive(connectTimeout, "connectTimeout");
    positive(readTimeout, "readTimeout");
    positive(backoffBase, "backoffBase");
    positive(backoffMax, "backoffMax");
    positive(breakerOpenFor, "breakerOpenFor");
    positive(scrapeInterval, "scrapeInterval");
    positive(resourceRateWindow, "resourceRateWindow");
    positive(usageHistory, "usageHistory");
    positive(usageHistoryStep, "usageHistoryStep");
    if (maxAttempts < 1 || breakerThreshold < 1 || parallelism < 1) {
      throw new IllegalArgumentException(
          "maxAttempts, breakerThreshold and parallelism are at least 1");
    }
    if (!(cpuHighQuantile > 0 && cpuHighQuantile < 1)) {
      throw new IllegalArgumentException("cpuHighQuantile is between 0 and 1");
    }
  }

  /** Defaults for a Prometheus that scrapes every 30 s. */
  public static SignalSettings defaults() {
    return new SignalSettings(
        Duration.ofSeconds(2),
        Duration.ofSeconds(10),
        3,
        Duration.ofMillis(200),
        Duration.ofSeconds(2),
        5,
        Duration.ofSeconds(30),
        Duration.ofSeconds(30),
        true,
        4,
        Duration.ofMinutes(5),
        Duration.ofHours(1),
        Duration.ofMinutes(1),
        0.95,
        200);
  }

  /** Data older than this is stale: two scrape intervals. */
  public Duration staleAfter() {
    return scrapeInterval.multipliedBy(2);
  }

  public SignalSettings withTimeouts(Duration connect, Duration read) {
    return new SignalSettings(
        connect,
        read,
        maxAttempts,
        backoffBase,
        backoffMax,
        breakerThreshold,
        breakerOpenFor,
        scrapeInterval,
        batching,
        parallelism,
        resourceRateWindow,
        usageHistory,
        usageHistoryStep,
        cpuHighQuantile,
        maxNamespacesInFilter);
  }

  public SignalSettings withRetries(int attempts, Duration base, Duration max) {
    return new SignalSettings(
        connectTimeout,
        readTimeout,
        attempts,
        base,
        max,
        breakerThreshold,
        breakerOpenFor,
        scrapeInterval,
        batching,
        parallelism,
        resourceRateWindow,
        usageHistory,
        usageHistoryStep,
        cpuHighQuantile,
        maxNamespacesInFilter);
  }

  public SignalSettings withBreaker(int threshold, Duration openFor) {
    return new SignalSettings(
        connectTimeout,
        readTimeout,
        maxAttempts,
        backoffBase,
        backoffMax,
        threshold,
        openFor,
        scrapeInterval,
        batching,
        parallelism,
        resourceRateWindow,
        usageHistory,
        usageHistoryStep,
        cpuHighQuantile,
        maxNamespacesInFilter);
  }

  public SignalSettings withScrapeInterval(Duration interval) {
    return new SignalSettings(
        connectTimeout,
        readTimeout,
        maxAttempts,
        backoffBase,
        backoffMax,
        breakerThreshold,
        breakerOpenFor,
        interval,
        batching,
        parallelism,
        resourceRateWindow,
        usageHistory,
        usageHistoryStep,
        cpuHighQuantile,
        maxNamespacesInFilter);
  }

  public SignalSettings withBatching(boolean batching) {
    return new SignalSettings(
        connectTimeout,
        readTimeout,
        maxAttempts,
        backoffBase,
        backoffMax,
        breakerThreshold,
        breakerOpenFor,
        scrapeInterval,
        batching,
        parallelism,
        resourceRateWindow,
        usageHistory,
        usageHistoryStep,
        cpuHighQuantile,
        maxNamespacesInFilter);
  }

  public SignalSettings withParallelism(int parallelism) {
    return new SignalSettings(
        connectTimeout,
        readTimeout,
        maxAttempts,
        backoffBase,
        backoffMax,
        breakerThreshold,
        breakerOpenFor,
        scrapeInterval,
        batching,
        parallelism,
        resourceRateWindow,
        usageHistory,
        usageHistoryStep,
        cpuHighQuantile,
        maxNamespacesInFilter);
  }

  public SignalSettings withUsageHistory(Duration history, Duration step, Duration rateWindow) {
    return new SignalSettings(
        connectTimeout,
        readTimeout,
        maxAttempts,
        backoffBase,
        backoffMax,
        breakerThreshold,
        breakerOpenFor,
        scrapeInterval,
        batching,
        parallelism,
        rateWindow,
        history,
        step,
        cpuHighQuantile,
        maxNamespacesInFilter);
  }

  private static void positive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive");
    }
  }
}
