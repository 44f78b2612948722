package dev.headroom.engine;

import java.util.Map;
import java.util.Optional;

/**
 * What was observed of the target, each value with its own timestamp; anything may be missing.
 *
 * @param requestRate total requests per second served
 * @param latencyQuantileSeconds latency by quantile (0.95 → p95)
 * @param latencyAverageSeconds mean latency
 * @param errorRatio failed / all requests, 0..1
 * @param cpuCoresPerPod mean CPU usage per ready pod, in cores
 * @param memoryBytesPerPod the highest working set of any pod now
 * @param containers per-container usage history, by container name
 */
public record Signals(
    Optional<Sample> requestRate,
    Map<Double, Sample> latencyQuantileSeconds,
    Optional<Sample> latencyAverageSeconds,
    Optional<Sample> errorRatio,
    Optional<Sample> cpuCoresPerPod,
    Optional<Sample> memoryBytesPerPod,
    Map<String, ContainerUsage> containers) {

  public Signals {
    latencyQuantileSeconds = Map.copyOf(latencyQuantileSeconds);
    containers = Map.copyOf(containers);
  }

  public static Signals none() {
    return new Signals(
        Optional.empty(),
        Map.of(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Map.of());
  }
}
