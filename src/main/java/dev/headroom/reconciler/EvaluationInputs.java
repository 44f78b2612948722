package dev.headroom.reconciler;

import dev.headroom.actuation.OomKill;
import dev.headroom.actuation.OomKills;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;

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
 * @param oomKills the OOM kills the target's pods show (a new one, or one more restart, differs)
 */
record EvaluationInputs(
    long policyGeneration, String targetUid, long targetGeneration, Set<OomKill> oomKills) {

  static EvaluationInputs of(
      Long policyGeneration, Optional<Deployment> target, Collection<Pod> pods) {
    return new EvaluationInputs(
        policyGeneration == null ? 0 : policyGeneration,
        target.map(d -> String.valueOf(d.getMetadata().getUid())).orElse(""),
        target.map(d -> d.getMetadata().getGeneration()).map(g -> g == null ? 0L : g).orElse(0L),
        Set.copyOf(OomKills.seen(pods)));
  }
}
