package dev.headroom.engine;

/** What a budget constrains, which fixes its unit. */
public enum BudgetKind {
  /** A latency quantile, seconds. */
  LATENCY_QUANTILE("s"),
  /** Mean latency, seconds. */
  LATENCY_AVERAGE("s"),
  /** Failed / all requests, a ratio 0..1. */
  ERROR_RATIO("ratio"),
  /** Total requests per second served, at least. */
  THROUGHPUT_MIN("rps"),
  /** Requests per second per ready replica, at most. */
  THROUGHPUT_PER_REPLICA("rps"),
  /** Mean CPU use over ready pods, a ratio of the requests. */
  CPU_UTILIZATION("ratio"),
  /** CPU use per pod, cores. */
  CPU_CORES("cores"),
  /** Mean memory use over ready pods, a ratio of the requests. */
  MEMORY_UTILIZATION("ratio"),
  /** Peak working set per pod, bytes. */
  MEMORY_PEAK("bytes");

  private final String unit;

  BudgetKind(String unit) {
    this.unit = unit;
  }

  public String unit() {
    return unit;
  }

  public boolean isLatency() {
    return this == LATENCY_QUANTILE || this == LATENCY_AVERAGE;
  }
}
