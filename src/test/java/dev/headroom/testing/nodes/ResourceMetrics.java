package dev.headroom.testing.nodes;

import dev.headroom.testing.prometheus.ExpositionWriter;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;

/**
 * What a kubelet's {@code /metrics/resource} says of one node: per container its CPU seconds,
 * working set and start time, and the node's totals, each sample stamped with the time it was taken
 * (metrics-server computes CPU rates from those stamps and drops a series whose start time moved).
 * A container no model speaks for idles at 1 millicore and {@link #IDLE_WORKING_SET_BYTES}.
 *
 * <p>Every counter is at least 1 ms and every working set at least 1 byte: metrics-server discards
 * a container whose CPU or memory reads 0, as it does for a kubelet that has not measured it yet.
 */
final class ResourceMetrics {
  static final long IDLE_WORKING_SET_BYTES = 16L << 20;
  private static final double IDLE_CORES = 0.001;
  private static final double FLOOR_CPU_SECONDS = 0.001;

  /** The node's own processes: what a kubelet counts besides its pods. */
  private static final double SYSTEM_CORES = 0.05;

  private static final long SYSTEM_WORKING_SET_BYTES = 512L << 20;

  /** One running pod on the node and what the agent knows of its containers' runs. */
  record RunningPod(Pod pod, PodRun run) {}

  private ResourceMetrics() {}

  /**
   * @param nodeCpuCounter makes the node's CPU counter monotonic, as a kubelet's is (its root
   *     cgroup's): the sum over the containers running now drops when a pod goes, and
   *     metrics-server drops a node whose counter went back until two new scrapes
   */
  static String render(
      List<RunningPod> pods,
      WorkloadCpuModel cpu,
      WorkloadMemoryModel memory,
      Instant nodeStarted,
      Instant now,
      DoubleUnaryOperator nodeCpuCounter) {
    long stamp = now.toEpochMilli();
    ExpositionWriter out = new ExpositionWriter();
    double nodeCpu = SYSTEM_CORES * seconds(nodeStarted, now);
    long nodeMemory = SYSTEM_WORKING_SET_BYTES;
    out.type("container_cpu_usage_seconds_total", "counter");
    for (RunningPod running : pods) {
      for (Container container : running.pod().getSpec().getContainers()) {
        PodRun.ContainerRun run = running.run().containers().get(container.getName());
        if (run == null) {
          continue;
        }
        double used =
            FLOOR_CPU_SECONDS
                + cpu.cpuSecondsTotal(running.pod(), container)
                    .orElse(IDLE_CORES * seconds(run.startedAt(), now));
        nodeCpu += used;
        out.sample(
            "container_cpu_usage_seconds_total", labels(running.pod(), container), used, stamp);
      }
    }
    out.type("container_memory_working_set_bytes", "gauge");
    for (RunningPod running : pods) {
      for (Container container : running.pod().getSpec().getContainers()) {
        if (!running.run().containers().containsKey(container.getName())) {
          continue;
        }
        long bytes =
            Math.max(
                1,
                memory
                    .usage(running.pod(), container)
                    .map(q -> Quantity.getAmountInBytes(q).longValue())
                    .orElse(IDLE_WORKING_SET_BYTES));
        nodeMemory += bytes;
        out.sample(
            "container_memory_working_set_bytes", labels(running.pod(), container), bytes, stamp);
      }
    }
    out.type("container_start_time_seconds", "gauge");
    for (RunningPod running : pods) {
      for (Container container : running.pod().getSpec().getContainers()) {
        PodRun.ContainerRun run = running.run().containers().get(container.getName());
        if (run != null) {
          out.sample(
              "container_start_time_seconds",
              labels(running.pod(), container),
              run.startedAt().getEpochSecond(),
              stamp);
        }
      }
    }
    out.type("node_cpu_usage_seconds_total", "counter");
    out.sample(
        "node_cpu_usage_seconds_total", Map.of(), nodeCpuCounter.applyAsDouble(nodeCpu), stamp);
    out.type("node_memory_working_set_bytes", "gauge");
    out.sample("node_memory_working_set_bytes", Map.of(), nodeMemory, stamp);
    out.type("scrape_error", "gauge");
    out.sample("scrape_error", Map.of(), 0);
    return out.toString();
  }

  private static Map<String, String> labels(Pod pod, Container container) {
    return Map.of(
        "container",
        container.getName(),
        "namespace",
        pod.getMetadata().getNamespace(),
        "pod",
        pod.getMetadata().getName());
  }

  private static double seconds(Instant from, Instant to) {
    return Math.max(0, Duration.between(from, to).toMillis() / 1000.0);
  }
}
