package dev.headroom.engine;

import java.time.Duration;

/**
 * The engine's own settings: not per policy, rarely worth changing.
 *
 * @param staleAfter a sample older than this is treated as missing (two scrape intervals and a rate
 *     window's lag, by default)
 * @param headroom how far below a budget's target scaling aims (0.1 = 10 %)
 * @param tolerance the HPA's tolerance: utilisation ratios within 1 ± this do not scale
 * @param maxUtilization the highest per-replica utilisation the engine plans for, whatever the
 *     latency model says: queues are unstable near 1
 * @param settleTime how long after a latency-driven scale-up is Ready the engine waits before
 *     judging whether it worked
 * @param ineffectiveGain the share of the predicted latency improvement that must show for a
 *     scale-up to count as effective (Flink uses 10 %)
 * @param cpuMargin rightsizing margin over the CPU usage percentile
 * @param memoryMargin rightsizing margin over the memory peak
 */
public record EngineConfig(
    Duration staleAfter,
    double headroom,
    double tolerance,
    double maxUtilization,
    Duration settleTime,
    double ineffectiveGain,
    double cpuMargin,
    double memoryMargin) {

  public static final EngineConfig DEFAULT =
      new EngineConfig(
          Duration.ofSeconds(120), 0.1, 0.1, 0.85, Duration.ofSeconds(90), 0.1, 0.15, 0.15);
}
