package dev.headroom.reconciler;

import dev.headroom.actuation.OomKills;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.Collection;
import java.util.Optional;

/**
 * What, besides the clock, makes an evaluation ask for one out of turn: the policy's spec, the
 * target's existence and spec, and the OOM kills of its pods — the changes {@link
 * EvaluationTriggers} lets through. An event-triggered reconciliation that finds them as the last
 * evaluation left them has nothing new to evaluate and waits for its turn. That is what keeps a new
 * policy from being evaluated twice in its first second: the events that arrive while its first
 * evaluation runs (its target's and pods' informers starting, the Deployment's own status) would
 * run a second one as soon as the first ends, on the same evidence. Pure.
 *
 * @param policyGeneration the policy's {@code metadata.generation}
 * @param targetUid the target's uid, empty while it does not exist
 * @param targetGeneration the target's {@code metadata.generation}, 0 while it does not exist
 * @param oomKills restarts of the target's containers whose last termination was an OOM kill
 */
record EvaluationInputs(
    long policyGeneration, String targetUid, long targetGeneration, long oomKills) {

  static EvaluationInputs of(
      Long policyGeneration, Optional<Deployment> target, Collection<Pod> pods) {
    long kills = 0;
    for (Pod pod : pods) {
      if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
        continue;
      }
      for (ContainerStatus status : pod.getStatus().getContainerStatuses()) {
        var last = status.getLastState() == null ? null : status.getLastState().getTerminated();
        if (last != null && OomKills.OOM_KILLED.equals(last.getReason())) {
          kills += status.getRestartCount() == null ? 1 : status.getRestartCount();
        }
      }
    }
    return new EvaluationInputs(
        policyGeneration == null ? 0 : policyGeneration,
        target.map(d -> String.valueOf(d.getMetadata().getUid())).orElse(""),
        target.map(d -> d.getMetadata().getGeneration()).map(g -> g == null ? 0L : g).orElse(0L),
        kills);
  }
}
