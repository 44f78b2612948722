package dev.headroom.sim;

import java.time.Instant;
import java.util.List;

/**
 * Everything a controller may look at when it evaluates: the workload, its pods, and Prometheus'
 * answers. Nothing of the service model's parameters or true values.
 *
 * @param now the controller's evaluation time
 * @param specReplicas the workload's spec.replicas
 * @param pods the target's pods (not terminating)
 * @param resources the pod template's container resources
 * @param prometheus Prometheus' answers for the target
 * @param oomKills when containers of the target were OOM-killed, oldest first (bounded history)
 * @param workload the target's kind and, for a StatefulSet, its pod management policy
 */
public record Observation(
    Instant now,
    int specReplicas,
    List<PodView> pods,
    Resources resources,
    PrometheusView prometheus,
    List<Instant> oomKills,
    WorkloadKind workload) {

  /** An observation of a Deployment. */
  public Observation(
      Instant now,
      int specReplicas,
      List<PodView> pods,
      Resources resources,
      PrometheusView prometheus,
      List<Instant> oomKills) {
    this(now, specReplicas, pods, resources, prometheus, oomKills, WorkloadKind.DEPLOYMENT);
  }

  public long readyPods() {
    return pods.stream().filter(PodView::ready).count();
  }
}
