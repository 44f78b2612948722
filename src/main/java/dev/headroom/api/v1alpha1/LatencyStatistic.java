package dev.headroom.api.v1alpha1;

/** Which statistic of the latency distribution a latency budget constrains. */
public enum LatencyStatistic {
  /** A quantile of the latency histogram, such as p95. */
  Percentile,
  /** The mean latency, from the histogram's sum and count. */
  Average
}
