package dev.headroom.engine;

import java.time.Instant;

/**
 * One container's usage history, as rightsizing needs it.
 *
 * @param cpuCoresHigh a high percentile (p95) of its per-pod CPU usage over the history window
 * @param memoryPeakBytes the highest per-pod working set over the history window
 * @param throttledRatio throttled / all CFS periods over the rate window, 0..1
 * @param at when the history was read
 */
public record ContainerUsage(
    double cpuCoresHigh, long memoryPeakBytes, double throttledRatio, Instant at) {}
