package dev.headroom.sim;

import java.time.Instant;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * What a Prometheus query would answer at one instant for the target, computed from scraped samples
 * (scrape interval, {@code rate} window) rather than from the model's true values. Every value may
 * be empty: no data yet, or Prometheus unreachable.
 *
 * @param sampledAt the timestamp of the newest sample the answers use (staleness is now minus this)
 * @param requestRate total requests per second over the rate window
 * @param errorRatio failed / all requests over the rate window, 0..1
 * @param latencyQuantileSeconds latency quantiles over the rate window, by quantile (0.95 → p95),
 *     for the quantiles the policy's budgets ask for
 * @param latencyAverageSeconds mean latency over the rate window
 * @param cpuCoresPerPod mean CPU usage per ready pod over the rate window, in cores
 * @param cpuCoresPerPodHighPercentile the p95 over the history window of per-pod CPU usage (for
 *     rightsizing)
 * @param memoryBytesPerPodPeak the highest per-pod working set over the history window
 * @param memoryBytesPerPodNow the highest per-pod working set now
 * @param cpuThrottledRatio throttled / all CFS periods over the rate window, 0..1
 */
public record PrometheusView(
    Instant sampledAt,
    OptionalDouble requestRate,
    OptionalDouble errorRatio,
    Map<Double, Double> latencyQuantileSeconds,
    OptionalDouble latencyAverageSeconds,
    OptionalDouble cpuCoresPerPod,
    OptionalDouble cpuCoresPerPodHighPercentile,
    OptionalDouble memoryBytesPerPodPeak,
    OptionalDouble memoryBytesPerPodNow,
    OptionalDouble cpuThrottledRatio) {

  /** Prometheus could not be asked: every answer is missing. */
  public static PrometheusView unavailable(Instant now) {
    return new PrometheusView(
        null,
        OptionalDouble.empty(),
        OptionalDouble.empty(),
        Map.of(),
        OptionalDouble.empty(),
        OptionalDouble.empty(),
        OptionalDouble.empty(),
        OptionalDouble.empty(),
        OptionalDouble.empty(),
        OptionalDouble.empty());
  }
}
