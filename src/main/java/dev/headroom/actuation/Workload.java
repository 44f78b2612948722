package dev.headroom.actuation;

import dev.headroom.engine.ContainerResources;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A target workload of any scalable kind, as read from the apiserver: the object itself and what
 * its {@code scale} subresource says.
 *
 * @param object the object as stored (metadata, spec, status)
 * @param specReplicas the replicas asked for ({@code scale.spec.replicas})
 * @param selector the label selector of its pods ({@code scale.status.selector}), as the HPA finds
 *     them; empty when the kind does not publish one
 * @param template its pod template, when the kind has one where Headroom knows to look ({@code
 *     spec.template}); absent for other kinds and for a Rollout that refers to a workload
 */
public record Workload(
    ScalableResource resource,
    GenericKubernetesResource object,
    int specReplicas,
    String selector,
    Optional<PodTemplateSpec> template) {

  public Workload {
    Objects.requireNonNull(resource, "resource");
    Objects.requireNonNull(object, "object");
    Objects.requireNonNull(selector, "selector");
    Objects.requireNonNull(template, "template");
  }

  public String namespace() {
    return object.getMetadata().getNamespace();
  }

  public String name() {
    return object.getMetadata().getName();
  }

  /** E.g. {@code StatefulSet shop/db}. */
  public String describe() {
    return resource.kind() + " " + namespace() + "/" + name();
  }

  /** {@code status.readyReplicas}, if the kind reports it. */
  public Optional<Integer> statusReadyReplicas() {
    Object ready = object.get("status", "readyReplicas");
    return ready instanceof Number n ? Optional.of(n.intValue()) : Optional.empty();
  }

  /** Each container of the pod template, by name; empty without a template. */
  public Map<String, ContainerResources> templateResources() {
    return template
        .filter(t -> t.getSpec() != null)
        .map(t -> TargetReading.containerResources(t.getSpec().getContainers()))
        .orElse(Map.of());
  }

  /**
   * Why a change of the template's resources reaches no running pod by itself, if so: a StatefulSet
   * that updates its pods {@code OnDelete}.
   */
  public Optional<String> templateChangeWaits() {
    if (resource.isStatefulSet()
        && "OnDelete".equals(object.get("spec", "updateStrategy", "type"))) {
      return Optional.of(
          describe()
              + " updates its pods OnDelete: the new resources reach a pod only when it is"
              + " deleted");
    }
    if (resource.builtIn() && !resource.isStatefulSet() && !"Deployment".equals(resource.kind())) {
      return Optional.of(
          describe()
              + " does not roll its pods out: the new resources reach a pod only when it is"
              + " replaced");
    }
    return Optional.empty();
  }

  /**
   * Whether a pod its selector selects may be its own: a pod without a controller (as the HPA
   * counts them), one it controls itself, or one whose controller is named after it (a Rollout's
   * ReplicaSet {@code <name>-<hash>}, a StatefulSet an operator made for a custom resource). A pod
   * of another workload whose labels happen to match is not: resizing it in place, or raising this
   * workload's memory for its OOM kills, would act on the wrong thing.
   */
  public boolean mayOwn(Pod pod) {
    if (pod.getMetadata() == null || pod.getMetadata().getOwnerReferences() == null) {
      return true;
    }
    return pod.getMetadata().getOwnerReferences().stream()
        .filter(owner -> Boolean.TRUE.equals(owner.getController()))
        .findFirst()
        .map(
            owner ->
                Objects.equals(owner.getUid(), object.getMetadata().getUid())
                    || name().equals(owner.getName())
                    || (owner.getName() != null && owner.getName().startsWith(name() + "-")))
        .orElse(true);
  }

  /** Its pod template ({@code spec.template}), if it holds one. */
  public static Optional<PodTemplateSpec> templateOf(
      GenericKubernetesResource object, KubernetesSerialization serialization) {
    Object template = object.get("spec", "template");
    return template == null
        ? Optional.empty()
        : Optional.of(serialization.convertValue(template, PodTemplateSpec.class));
  }

  /**
   * How Headroom may change this object's pod template: its kind's way, or none when it holds no
   * template (a Rollout that refers to a Deployment's through {@code spec.workloadRef}).
   */
  public TemplateAccess templateAccess() {
    return template.isPresent() ? resource.templateAccess() : TemplateAccess.NONE;
  }

  /**
   * Whether its pods start one at a time: a StatefulSet whose podManagementPolicy is not Parallel.
   */
  public boolean startsPodsInOrder() {
    return resource.isStatefulSet()
        && !"Parallel".equals(object.get("spec", "podManagementPolicy"));
  }
}
