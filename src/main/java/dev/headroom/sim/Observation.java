package dev.headroom.sim;

import java.time.Instant;
import java.util.List;

/**
 * Everything a controller may look at when it evaluates: the Deployment, its pods, and Prometheus'
 * answers. Nothing of the service model's parameters or true values.
 *
 * @param now the controller's evaluation time
 * @param specReplicas the Deployment's spec.replicas
 * @param pods the target's pods (not terminating)
 * @param resources the pod template's container resources
 * @param prometheus Prometheus' answers for the target
 * @param oomKills when containers of the target were OOM-killed, oldest first (bounded history)
 */
public record Observation(
    Instant now,
    int specReplicas,
    List<PodView> pods,
    Resources resources,
    PrometheusView prometheus,
    List<Instant> oomKills) {

  public long readyPods() {
    return pods.stream().filter(PodView::ready).count();
  }
}
