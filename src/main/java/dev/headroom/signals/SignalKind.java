package dev.headroom.signals;

/** What a signal measures, which fixes its unit. */
public enum SignalKind {
  /** A latency quantile, seconds. */
  LATENCY_QUANTILE("s"),
  /** Mean latency, seconds. */
  LATENCY_AVERAGE("s"),
  /** Failed / all requests, a ratio 0..1. */
  ERROR_RATIO("ratio"),
  /** Requests per second over all the target's pods. */
  REQUEST_RATE("1/s"),
  /** Mean CPU use per pod, cores. */
  CPU_CORES_PER_POD("cores"),
  /** The highest working set of any pod now, bytes. */
  MEMORY_BYTES_PER_POD("bytes"),
  /** Per container: a high CPU percentile and the memory peak over the history, and throttling. */
  CONTAINER_USAGE("per container");

  private final String unit;

  SignalKind(String unit) {
    this.unit = unit;
  }

  public String unit() {
    return unit;
  }
}
