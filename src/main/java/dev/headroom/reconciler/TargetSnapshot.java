package dev.headroom.reconciler;

import dev.headroom.engine.ContainerResources;
import dev.headroom.engine.PodStartup;
import dev.headroom.engine.WorkloadState;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the reconciler read of the target workload.
 *
 * @param replicas spec.replicas
 * @param readyReplicas status.readyReplicas
 * @param containers the pod template's containers' resources, by name
 * @param oomKills recent OOM kills of its pods' containers, by container name
 * @param created its {@code metadata.creationTimestamp}, if known
 * @param podStartup whether its pods start together or one at a time (an OrderedReady StatefulSet)
 */
public record TargetSnapshot(
    String kind,
    String namespace,
    String name,
    int replicas,
    int readyReplicas,
    Map<String, ContainerResources> containers,
    Map<String, List<Instant>> oomKills,
    Optional<Instant> created,
    PodStartup podStartup) {

  public TargetSnapshot {
    containers = Map.copyOf(containers);
    oomKills = Map.copyOf(oomKills);
    Objects.requireNonNull(created, "created");
    Objects.requireNonNull(podStartup, "podStartup");
  }

  /** A target whose pods start together, as a Deployment's do. */
  public TargetSnapshot(
      String kind,
      String namespace,
      String name,
      int replicas,
      int readyReplicas,
      Map<String, ContainerResources> containers,
      Map<String, List<Instant>> oomKills,
      Optional<Instant> created) {
    this(
        kind,
        namespace,
        name,
        replicas,
        readyReplicas,
        containers,
        oomKills,
        created,
        PodStartup.PARALLEL);
  }

  public TargetSnapshot(
      String kind,
      String namespace,
      String name,
      int replicas,
      int readyReplicas,
      Map<String, ContainerResources> containers,
      Map<String, List<Instant>> oomKills) {
    this(kind, namespace, name, replicas, readyReplicas, containers, oomKills, Optional.empty());
  }

  public TargetSnapshot(
      String kind, String namespace, String name, int replicas, int readyReplicas) {
    this(kind, namespace, name, replicas, readyReplicas, Map.of(), Map.of());
  }

  public String describe() {
    return kind + " " + namespace + "/" + name;
  }

  WorkloadState workload() {
    return new WorkloadState(replicas, readyReplicas, containers, oomKills, podStartup);
  }
}
