package dev.headroom.reconciler;

import dev.headroom.actuation.ActuationException;
import dev.headroom.actuation.DeploymentActuator;
import dev.headroom.actuation.InPlaceResizer;
import dev.headroom.actuation.InPlaceResult;
import dev.headroom.api.v1alpha1.PerformancePolicySpec;
import dev.headroom.api.v1alpha1.UpdateMethod;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Makes one decided change on the target, and says in Events what it did or why it could not:
 * replicas through server-side apply, resources by a rollout of the pod template, or in place where
 * the policy asks for it and the cluster serves pod resize (else a rollout, saying why).
 */
final class TargetActuator {
  /** The Event reason of a resize made in place. */
  static final String RESIZED_IN_PLACE = "ResizedInPlace";

  private final DeploymentActuator deployments;
  private final InPlaceResizer inPlace;

  TargetActuator(DeploymentActuator deployments, InPlaceResizer inPlace) {
    this.deployments = deployments;
    this.inPlace = inPlace;
  }

  /** The Events that report the outcome; a failure is one of them, never an exception. */
  List<PolicyEvent> apply(
      PerformancePolicySpec spec,
      TargetSnapshot target,
      Actuation actuation,
      Supplier<List<Pod>> pods) {
    List<PolicyEvent> events = new ArrayList<>();
    try {
      if (!actuation.resources().isEmpty()) {
        resize(spec, target, actuation, pods, events);
      }
      actuation
          .replicas()
          .ifPresent(r -> deployments.setReplicas(target.namespace(), target.name(), r));
    } catch (ActuationException e) {
      events.add(new PolicyEvent(PolicyEvent.Type.Warning, "ActuationFailed", e.getMessage()));
    }
    return events;
  }

  private void resize(
      PerformancePolicySpec spec,
      TargetSnapshot target,
      Actuation actuation,
      Supplier<List<Pod>> pods,
      List<PolicyEvent> events) {
    boolean wantsInPlace =
        spec.resources() != null && spec.resources().updateMethod() == UpdateMethod.InPlace;
    if (wantsInPlace) {
      InPlaceResult result = inPlace.resize(pods.get(), actuation.resources());
      if (result instanceof InPlaceResult.Unsupported unsupported) {
        events.add(
            new PolicyEvent(
                PolicyEvent.Type.Warning,
                "InPlaceUnsupported",
                unsupported.message() + "; rolling the pods out instead"));
      } else {
        // Running pods only, as the VPA's in-place mode does: changing the template would roll
        // them out. Pods created later start at the template's values and are resized in turn.
        InPlaceResult.Resized resized = (InPlaceResult.Resized) result;
        events.add(
            new PolicyEvent(
                PolicyEvent.Type.Normal,
                RESIZED_IN_PLACE,
                "resized "
                    + resized.resized().size()
                    + " running pod(s) in place; "
                    + resized.unchanged().size()
                    + " already had the values"));
        return;
      }
    }
    deployments.rollout(target.namespace(), target.name(), actuation.resources());
  }
}
