package dev.headroom.actuation;

import dev.headroom.engine.ContainerResources;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Changes a workload's replicas and its pod template's container requests and limits, under the
 * field manager {@value #FIELD_MANAGER}.
 *
 * <ul>
 *   <li>Built-in kinds (Deployment, StatefulSet, ReplicaSet, ReplicationController): server-side
 *       apply of {@code spec.replicas} and the named resource values, which Headroom then owns and
 *       nothing else. Each change reads the object fresh from the apiserver (not a cache, whose
 *       managed fields could lag behind Headroom's previous apply), starts from what Headroom owns
 *       there ({@link HeadroomApply#current}) and applies that with the change: replicas and
 *       resources share one field manager, so each apply repeats the other's values instead of
 *       dropping them.
 *   <li>Other kinds: replicas through the {@code scale} subresource (a merge patch of {@code
 *       spec.replicas}, as {@code kubectl scale} and the HPA do); resources by a {@link
 *       TemplatePatch} where the kind's template is known ({@link TemplateAccess#JSON_PATCH}), else
 *       not at all.
 * </ul>
 */
public final class WorkloadActuator {
  /** The field manager of every change Headroom makes. */
  public static final String FIELD_MANAGER = "headroom";

  private final KubernetesClient client;

  public WorkloadActuator(KubernetesClient client) {
    this.client = client;
  }

  /** Sets the Deployment's {@code spec.replicas}; Headroom's resource values stay as they are. */
  public Applied setReplicas(String namespace, String name, int replicas) {
    return setReplicas(ScalableResource.DEPLOYMENT, namespace, name, replicas);
  }

  /** Sets the workload's replicas; Headroom's resource values stay as they are. */
  public Applied setReplicas(ScalableResource kind, String namespace, String name, int replicas) {
    if (kind.builtIn()) {
      return apply(kind, namespace, name, intent -> intent.withReplicas(replicas), object -> {});
    }
    var resource = resource(kind, namespace, name);
    GenericKubernetesResource before = require(resource, kind, namespace, name);
    String body =
        client.getKubernetesSerialization().asJson(Map.of("spec", Map.of("replicas", replicas)));
    try {
      resource.subresource("scale").patch(context(PatchType.JSON_MERGE, false), body);
    } catch (KubernetesClientException e) {
      throw failed("scale of", kind, namespace, name, e);
    }
    return applied(before, require(resource, kind, namespace, name));
  }

  /** Sets the Deployment's containers' requests and limits; see the other overload. */
  public Applied rollout(String namespace, String name, Map<String, ContainerResources> resources) {
    return rollout(ScalableResource.DEPLOYMENT, namespace, name, resources);
  }

  /**
   * Sets these containers' requests and limits in the pod template, which rolls the pods out when a
   * value changes (as the kind's update strategy does it). A value of 0 is one Headroom does not
   * set: the container keeps whatever its manifest says, and on a built-in kind a value Headroom
   * set before is given up (and removed, unless another manager owns it). Containers not named keep
   * what Headroom set for them.
   *
   * @throws ActuationException when the kind has no pod template Headroom knows, a named container
   *     is not in the template, or the apiserver refuses the change (e.g. a request above the
   *     manifest's limit)
   */
  public Applied rollout(
      ScalableResource kind,
      String namespace,
      String name,
      Map<String, ContainerResources> resources) {
    return switch (kind.templateAccess()) {
      case SERVER_SIDE_APPLY ->
          apply(
              kind,
              namespace,
              name,
              intent -> intent.withResources(resources),
              object -> {
                Set<String> present = templateResources(object).keySet();
                List<String> missing =
                    resources.keySet().stream().filter(c -> !present.contains(c)).sorted().toList();
                if (!missing.isEmpty()) {
                  throw new ActuationException(
                      describe(kind, namespace, name)
                          + " has no container "
                          + String.join(", ", missing));
                }
              });
      case JSON_PATCH -> patchTemplate(kind, namespace, name, resources);
      case NONE ->
          throw new ActuationException(
              describe(kind, namespace, name)
                  + " has no pod template Headroom knows the path of; its resources change only"
                  + " in place (resources.updateMethod: InPlace)");
    };
  }

  private Applied patchTemplate(
      ScalableResource kind,
      String namespace,
      String name,
      Map<String, ContainerResources> resources) {
    var resource = resource(kind, namespace, name);
    GenericKubernetesResource before = require(resource, kind, namespace, name);
    PodTemplateSpec template = template(before);
    if (template.getSpec() == null || template.getSpec().getContainers() == null) {
      throw new ActuationException(
          describe(kind, namespace, name) + " has no spec.template.spec.containers to set");
    }
    String body =
        client
            .getKubernetesSerialization()
            .asJson(
                TemplatePatch.of(
                    before.getMetadata().getResourceVersion(),
                    template.getSpec().getContainers(),
                    resources,
                    describe(kind, namespace, name)));
    try {
      return applied(before, resource.patch(context(PatchType.JSON, false), body));
    } catch (KubernetesClientException e) {
      throw failed("patch of the pod template of", kind, namespace, name, e);
    }
  }

  private Applied apply(
      ScalableResource kind,
      String namespace,
      String name,
      UnaryOperator<HeadroomApply> change,
      Consumer<GenericKubernetesResource> check) {
    var resource = resource(kind, namespace, name);
    GenericKubernetesResource before = require(resource, kind, namespace, name);
    check.accept(before);
    HeadroomApply intent =
        change.apply(
            HeadroomApply.current(
                before, specReplicas(before), templateResources(before), FIELD_MANAGER));
    String body =
        client.getKubernetesSerialization().asJson(intent.toApplyObject(kind, namespace, name));
    try {
      // Force: the user asked Headroom to manage these fields by creating the policy, so it takes
      // them over from whoever set them before (kubectl, a GitOps tool applying the manifest, a
      // Helm release). Without force the first apply fails with a conflict for any field another
      // manager set to a different value. Force moves only the fields in this apply, which are
      // spec.replicas and the named resource values; every other field stays with its manager.
      // GitOps tools should leave these fields out of their manifests (or ignore their
      // differences) so they do not take them back.
      return applied(before, resource.patch(context(PatchType.SERVER_SIDE_APPLY, true), body));
    } catch (KubernetesClientException e) {
      throw failed("server-side apply to", kind, namespace, name, e);
    }
  }

  private Resource<GenericKubernetesResource> resource(
      ScalableResource kind, String namespace, String name) {
    return client.genericKubernetesResources(kind.context()).inNamespace(namespace).withName(name);
  }

  private static GenericKubernetesResource require(
      Resource<GenericKubernetesResource> resource,
      ScalableResource kind,
      String namespace,
      String name) {
    GenericKubernetesResource object = resource.get();
    if (object == null) {
      throw new ActuationException(describe(kind, namespace, name) + " not found");
    }
    return object;
  }

  private static PatchContext context(PatchType type, boolean force) {
    var builder = new PatchContext.Builder().withPatchType(type).withFieldManager(FIELD_MANAGER);
    if (force) {
      builder.withForce(true);
    }
    return builder.build();
  }

  private PodTemplateSpec template(GenericKubernetesResource object) {
    return Workload.templateOf(object, client.getKubernetesSerialization())
        .orElseGet(PodTemplateSpec::new);
  }

  private Map<String, ContainerResources> templateResources(GenericKubernetesResource object) {
    PodTemplateSpec template = template(object);
    return template.getSpec() == null
        ? Map.of()
        : TargetReading.containerResources(template.getSpec().getContainers());
  }

  /** {@code spec.replicas}; 1 when unset, the apiserver's default for the built-in kinds. */
  private static int specReplicas(GenericKubernetesResource object) {
    Object replicas = object.get("spec", "replicas");
    return replicas instanceof Number n ? n.intValue() : 1;
  }

  private static Applied applied(HasMetadata before, HasMetadata after) {
    return new Applied(after, generation(before), generation(after));
  }

  private static ActuationException failed(
      String what,
      ScalableResource kind,
      String namespace,
      String name,
      KubernetesClientException e) {
    return new ActuationException(
        what
            + " "
            + describe(kind, namespace, name)
            + " failed: "
            + Objects.requireNonNullElse(
                e.getStatus() == null ? null : e.getStatus().getMessage(), e.getMessage()),
        e);
  }

  private static long generation(HasMetadata object) {
    Long g = object.getMetadata().getGeneration();
    return g == null ? 0 : g;
  }

  private static String describe(ScalableResource kind, String namespace, String name) {
    return kind.kind() + " " + namespace + "/" + name;
  }
}
