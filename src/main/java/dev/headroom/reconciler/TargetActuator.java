package dev.headroom.reconciler;

import dev.headroom.actuation.ActuationException;
import dev.headroom.actuation.InPlaceResizer;
import dev.headroom.actuation.InPlaceResult;
import dev.headroom.actuation.ScalableResource;
import dev.headroom.actuation.TemplateAccess;
import dev.headroom.actuation.WorkloadActuator;
import dev.headroom.api.v1alpha1.PerformancePolicySpec;
import dev.headroom.api.v1alpha1.UpdateMethod;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Makes one decided change on the target, and says in Events what it did or why it could not:
 * replicas through server-side apply, resources by a rollout of the pod template, or in place where
 * the policy asks for it and the cluster serves pod resize (else a rollout, saying why).
 */
final class TargetActuator {
  /** The Event reason of a resize made in place. */
  static final String RESIZED_IN_PLACE = "ResizedInPlace";

  /** The Event reason of a resource decision the target's kind cannot take. */
  static final String RESOURCES_NOT_APPLIED = "ResourcesNotApplied";

  private final WorkloadActuator workloads;
  private final InPlaceResizer inPlace;

  TargetActuator(WorkloadActuator workloads, InPlaceResizer inPlace) {
    this.workloads = workloads;
    this.inPlace = inPlace;
  }

  /**
   * What one {@link #apply} did: the Events that report it, and each change it attempted with how
   * it ended (a change after a failed one is not attempted).
   */
  record Acted(List<PolicyEvent> events, List<ActionResult> actions) {
    Acted {
      events = List.copyOf(events);
      actions = List.copyOf(actions);
    }
  }

  /** The Events and attempts that report the outcome; a failure is one of them, never thrown. */
  Acted apply(
      PerformancePolicySpec spec,
      TargetSnapshot target,
      ScalableResource kind,
      TemplateAccess access,
      Actuation actuation,
      Supplier<List<Pod>> pods) {
    List<PolicyEvent> events = new ArrayList<>();
    Attempts attempts = new Attempts();
    try {
      boolean resized =
          actuation.resources().isEmpty()
              || resize(spec, target, kind, access, actuation, pods, events, attempts);
      Optional<Integer> replicas = actuation.replicas();
      if (!resized && replicas.isPresent() && replicas.get() < target.replicas()) {
        // Fewer replicas came with larger pods (a pod size chosen for cost): without the larger
        // pods, fewer of the small ones would break the budgets. Neither part is made.
        events.add(
            new PolicyEvent(
                PolicyEvent.Type.Warning,
                RESOURCES_NOT_APPLIED,
                "the scale-down to "
                    + replicas.get()
                    + " replicas came with the resources not applied, and is not made either"));
        replicas = Optional.empty();
      }
      replicas.ifPresent(
          r ->
              attempts.run(
                  ActionResult.SCALE,
                  () -> workloads.setReplicas(kind, target.namespace(), target.name(), r)));
    } catch (ActuationException | KubernetesClientException e) {
      if (attempts.noneApplied()
          && ApiFailure.of(e).filter(ApiFailure::changedNothing).isPresent()) {
        // The apiserver away or throttling, and surely nothing changed: the policy is not to
        // blame; the evaluation is dropped and tried again (see the reconciler), without a
        // Warning Event. A timeout or a 5xx may have been applied, and is reported as before.
        throw e;
      }
      events.add(new PolicyEvent(PolicyEvent.Type.Warning, "ActuationFailed", e.getMessage()));
    }
    return new Acted(events, attempts.results);
  }

  /** Whether a resize of this policy's target is asked to happen in place. */
  static boolean wantsInPlace(PerformancePolicySpec spec) {
    return spec.resources() != null && spec.resources().updateMethod() == UpdateMethod.InPlace;
  }

  /** Records each attempted change as applied, or failed when it throws (and rethrows). */
  private static final class Attempts {
    private final List<ActionResult> results = new ArrayList<>();

    void run(String action, Runnable change) {
      try {
        change.run();
      } catch (RuntimeException e) {
        failed(action);
        throw e;
      }
      applied(action);
    }

    boolean noneApplied() {
      return results.stream().noneMatch(r -> ActionResult.APPLIED.equals(r.result()));
    }

    void applied(String action) {
      results.add(new ActionResult(action, ActionResult.APPLIED));
    }

    void failed(String action) {
      results.add(new ActionResult(action, ActionResult.FAILED));
    }
  }

  /** Whether the resources were applied (in place or by a rollout); false when not attempted. */
  private boolean resize(
      PerformancePolicySpec spec,
      TargetSnapshot target,
      ScalableResource kind,
      TemplateAccess access,
      Actuation actuation,
      Supplier<List<Pod>> pods,
      List<PolicyEvent> events,
      Attempts attempts) {
    if (wantsInPlace(spec)) {
      InPlaceResult result;
      try {
        result = inPlace.resize(pods.get(), actuation.resources());
      } catch (RuntimeException e) {
        attempts.failed(ActionResult.RESIZE_IN_PLACE);
        throw e;
      }
      // Unsupported resized nothing: the rollout below is the action taken, and counted.
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
        attempts.applied(ActionResult.RESIZE_IN_PLACE);
        events.add(
            new PolicyEvent(
                PolicyEvent.Type.Normal,
                RESIZED_IN_PLACE,
                "resized "
                    + resized.resized().size()
                    + " running pod(s) in place; "
                    + resized.unchanged().size()
                    + " already had the values"));
        return true;
      }
    }
    if (access == TemplateAccess.NONE) {
      // The decision stays in the status; the replicas part is still applied.
      events.add(
          new PolicyEvent(
              PolicyEvent.Type.Warning,
              RESOURCES_NOT_APPLIED,
              target.describe()
                  + " ("
                  + kind.describe()
                  + ") holds no pod template Headroom knows the path of: the resources decided are"
                  + " reported, not applied; with resources.updateMethod: InPlace its running"
                  + " pods are resized"));
      return false;
    }
    attempts.run(
        ActionResult.RESIZE_ROLLOUT,
        () -> workloads.rollout(kind, target.namespace(), target.name(), actuation.resources()));
    return true;
  }
}
