package dev.headroom.testing.nodes;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.OptionalDouble;

/**
 * How much CPU a fake node believes a container has used: what its kubelet reports on {@code
 * /metrics/resource} as {@code container_cpu_usage_seconds_total}, and so what metrics-server, the
 * HorizontalPodAutoscaler and {@code kubectl top} see. Tests plug in a workload's model (e.g. the
 * simulator's service model a {@code LiveWorkload} runs), so the HPA and Prometheus read the same
 * counter.
 */
@FunctionalInterface
public interface WorkloadCpuModel {
  /** The container's CPU seconds since its current run started; empty when the model has none. */
  OptionalDouble cpuSecondsTotal(Pod pod, Container container);
}
