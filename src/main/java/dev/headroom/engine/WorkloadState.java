package dev.headroom.engine;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The target as it is now.
 *
 * @param specReplicas the replicas asked for
 * @param readyReplicas the replicas Ready
 * @param containers the pod template's containers' resources, by name
 * @param oomKills when containers were OOM-killed recently, by container name
 * @param podStartup whether new pods start together ({@link PodStartup#PARALLEL}: a Deployment, a
 *     StatefulSet with {@code podManagementPolicy: Parallel}) or one at a time ({@link
 *     PodStartup#ORDERED}: a StatefulSet with {@code OrderedReady})
 */
public record WorkloadState(
    int specReplicas,
    int readyReplicas,
    Map<String, ContainerResources> containers,
    Map<String, List<Instant>> oomKills,
    PodStartup podStartup) {

  public WorkloadState {
    containers = Map.copyOf(containers);
    oomKills = Map.copyOf(oomKills);
    podStartup = podStartup == null ? PodStartup.PARALLEL : podStartup;
  }

  /** A target whose new pods start together, as a Deployment's do. */
  public WorkloadState(
      int specReplicas,
      int readyReplicas,
      Map<String, ContainerResources> containers,
      Map<String, List<Instant>> oomKills) {
    this(specReplicas, readyReplicas, containers, oomKills, PodStartup.PARALLEL);
  }

  /** Whether new pods start one at a time ({@link PodStartup#ORDERED}). */
  public boolean startsInOrder() {
    return podStartup == PodStartup.ORDERED;
  }

  /** The cores one pod can use, summed over its containers. */
  public double usableCoresPerPod() {
    return containers.values().stream().mapToDouble(ContainerResources::usableCores).sum();
  }

  public long memoryRequestBytesPerPod() {
    return containers.values().stream().mapToLong(ContainerResources::memoryRequestBytes).sum();
  }

  public long cpuRequestMillisPerPod() {
    return containers.values().stream().mapToLong(ContainerResources::cpuRequestMillis).sum();
  }
}
