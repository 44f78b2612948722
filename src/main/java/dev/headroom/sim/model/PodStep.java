package dev.headroom.sim.model;

/**
 * What one Ready pod did during one simulated second.
 *
 * @param arrivals requests routed to it
 * @param succeeded requests completed within the timeout
 * @param failed requests that failed (timed out, dropped from an overflowing backlog, or lost in an
 *     OOM kill)
 * @param backlogAfter requests queued beyond what the equilibrium queue holds, carried over
 * @param latency the latency of its completed requests (null when it completed none)
 * @param cpuCores CPU used, in cores
 * @param cpuThrottledRatio share of CFS periods in which the CPU limit throttled it, 0..1
 * @param workingSetBytes memory working set at the end of the second
 * @param oomKilled whether the working set exceeded the memory limit and the container was killed
 */
public record PodStep(
    double arrivals,
    double succeeded,
    double failed,
    double backlogAfter,
    PodLatency latency,
    double cpuCores,
    double cpuThrottledRatio,
    long workingSetBytes,
    boolean oomKilled) {

  /**
   * The histogram a service exports for this second: successful requests at or below each bucket
   * bound, then all of them (+Inf). Latencies are those within the timeout, as a client that gave
   * up never records the rest as successes.
   */
  public double[] cumulativeBuckets(double[] boundsSeconds, double timeoutSeconds) {
    double[] cumulative = new double[boundsSeconds.length + 1];
    cumulative[boundsSeconds.length] = succeeded;
    if (latency == null || succeeded <= 0) {
      return cumulative;
    }
    double withinTimeout = 1 - latency.tail(timeoutSeconds);
    for (int i = 0; i < boundsSeconds.length; i++) {
      double share =
          boundsSeconds[i] >= timeoutSeconds
              ? 1
              : (1 - latency.tail(boundsSeconds[i])) / withinTimeout;
      cumulative[i] = succeeded * Math.min(1, share);
    }
    return cumulative;
  }
}
