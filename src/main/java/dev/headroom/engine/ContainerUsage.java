package dev.headroom.engine;

import java.time.Instant;

/**
 * One container's usage history, as rightsizing needs it.
 *
 * @param cpuCoresHigh a high percentile (p95) of its per-pod CPU usage over the history window; NaN
 *     while there is no history yet
 * @param memoryPeakBytes the highest per-pod working set over the history window; -1 while there is
 *     no history yet
 * @param throttledRatio throttled / all CFS periods over the rate window, 0..1
 * @param at when the history was read
 */
public record ContainerUsage(
    double cpuCoresHigh, long memoryPeakBytes, double throttledRatio, Instant at) {

  /** Throttling read before the container has a history: it can raise a limit, not rightsize. */
  public static ContainerUsage throttlingOnly(double throttledRatio, Instant at) {
    return new ContainerUsage(Double.NaN, -1, throttledRatio, at);
  }

  /** Whether the CPU percentile and memory peak are there, as rightsizing needs. */
  public boolean hasHistory() {
    return !Double.isNaN(cpuCoresHigh) && memoryPeakBytes >= 0;
  }
}
