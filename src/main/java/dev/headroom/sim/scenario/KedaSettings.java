package dev.headroom.sim.scenario;

/**
 * Knobs for the KEDA-style controller run on a scenario (a Prometheus scaler).
 *
 * @param metric what it scales on
 * @param threshold for requestRate: requests per second per replica; for latency and
 *     averageLatency: seconds
 * @param quantile the latency quantile, for the latency metric (NaN otherwise)
 */
public record KedaSettings(Metric metric, double threshold, double quantile) {
  /** The scaler's query. */
  public enum Metric {
    /** sum(rate(requests)) per replica against the threshold. */
    requestRate,
    /** A latency quantile against the threshold, in seconds. */
    latency,
    /**
     * The mean latency, sum(rate(…_sum)) / sum(rate(…_count)), against the threshold in seconds:
     * what a team whose budget is an average puts in the trigger.
     */
    averageLatency
  }
}
