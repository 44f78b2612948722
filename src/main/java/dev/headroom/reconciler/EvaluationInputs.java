package dev.headroom.reconciler;

import dev.headroom.actuation.OomKill;
import dev.headroom.actuation.OomKills;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentSpec;
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
 * @param targetSpec a hash of the target's spec without its replica count, 0 while it does not
 *     exist (not its generation, which every scale moves, Headroom's own included)
 * @param targetReplicas the target's {@code spec.replicas}; after Headroom's own scale, the count
 *     it applied ({@link #withReplicas}), so that its own scale is no reason to evaluate again
 * @param oomKills the OOM kills the target's pods show (a new one, or one more restart, differs)
 */
record EvaluationInputs(
    long policyGeneration,
    String targetUid,
    int targetSpec,
    Integer targetReplicas,
    Set<OomKill> oomKills) {

  static EvaluationInputs of(
      Long policyGeneration, Optional<Deployment> target, Collection<Pod> pods) {
    Optional<DeploymentSpec> spec = target.map(Deployment::getSpec);
    return new EvaluationInputs(
        policyGeneration == null ? 0 : policyGeneration,
        target.map(d -> String.valueOf(d.getMetadata().getUid())).orElse(""),
        spec.map(s -> EvaluationTriggers.withoutReplicas(s).hashCode()).orElse(0),
        spec.map(DeploymentSpec::getReplicas).orElse(null),
        Set.copyOf(OomKills.seen(pods)));
  }

  /** These inputs as they are once the target runs {@code replicas}, Headroom's own count. */
  EvaluationInputs withReplicas(int replicas) {
    return new EvaluationInputs(policyGeneration, targetUid, targetSpec, replicas, oomKills);
  }
}
