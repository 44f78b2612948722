package dev.headroom.reconciler;

import dev.headroom.engine.ContainerResources;
import dev.headroom.engine.WorkloadState;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the reconciler read of the target workload.
 *
 * @param replicas spec.replicas
 * @param readyReplicas status.readyReplicas
 * @param containers the pod template's containers' resources, by name
 * @param oomKills recent OOM kills of its pods' containers, by container name
 */
public record TargetSnapshot(
    String kind,
    String namespace,
    String name,
    int replicas,
    int readyReplicas,
    Map<String, ContainerResources> containers,
    Map<String, List<Instant>> oomKills) {

  public TargetSnapshot {
    containers = Map.copyOf(containers);
    oomKills = Map.copyOf(oomKills);
  }

  public TargetSnapshot(
      String kind, String namespace, String name, int replicas, int readyReplicas) {
    this(kind, namespace, name, replicas, readyReplicas, Map.of(), Map.of());
  }

  public String describe() {
    return kind + " " + namespace + "/" + name;
  }

  WorkloadState workload() {
    return new WorkloadState(replicas, readyReplicas, containers, oomKills);
  }
}
