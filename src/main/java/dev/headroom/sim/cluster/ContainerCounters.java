package dev.headroom.sim.cluster;

/**
 * The cumulative counters one container exports (request count and errors, a latency histogram, CPU
 * seconds, CFS periods). They start from zero when the container restarts, as real ones do.
 */
public final class ContainerCounters {
  private double requests;
  private double errors;
  private double latencySumSeconds;
  private final double[] bucketCounts;
  private double cpuSeconds;
  private double cfsPeriods;
  private double cfsThrottledPeriods;

  public ContainerCounters(int buckets) {
    this.bucketCounts = new double[buckets];
  }

  public void add(
      double succeeded,
      double failed,
      double latencySum,
      double[] cumulativeBuckets,
      double cpuSecondsUsed,
      double periods,
      double throttledPeriods) {
    requests += succeeded + failed;
    errors += failed;
    latencySumSeconds += latencySum;
    for (int i = 0; i < bucketCounts.length; i++) {
      bucketCounts[i] += cumulativeBuckets[i];
    }
    cpuSeconds += cpuSecondsUsed;
    cfsPeriods += periods;
    cfsThrottledPeriods += throttledPeriods;
  }

  void reset() {
    requests = 0;
    errors = 0;
    latencySumSeconds = 0;
    java.util.Arrays.fill(bucketCounts, 0);
    cpuSeconds = 0;
    cfsPeriods = 0;
    cfsThrottledPeriods = 0;
  }

  public double requests() {
    return requests;
  }

  public double errors() {
    return errors;
  }

  public double latencySumSeconds() {
    return latencySumSeconds;
  }

  /** Cumulative bucket counts, one per upper bound; the last is +Inf (all successful requests). */
  public double[] bucketCounts() {
    return bucketCounts.clone();
  }

  public double cpuSeconds() {
    return cpuSeconds;
  }

  public double cfsPeriods() {
    return cfsPeriods;
  }

  public double cfsThrottledPeriods() {
    return cfsThrottledPeriods;
  }
}
