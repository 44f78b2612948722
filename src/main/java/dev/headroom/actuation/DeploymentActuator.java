package dev.headroom.actuation;

import dev.headroom.engine.ContainerResources;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Changes a Deployment's replicas and its pod template's container requests and limits by
 * server-side apply under the field manager {@value #FIELD_MANAGER}, which owns those fields and
 * nothing else.
 *
 * <p>Each change reads the Deployment fresh from the apiserver (not a cache, whose managed fields
 * could lag behind Headroom's previous apply), starts from what Headroom owns there ({@link
 * HeadroomApply#current}) and applies that with the change: replicas and resources share one field
 * manager, so each apply repeats the other's values instead of dropping them.
 */
public final class DeploymentActuator {
  /** The field manager of every change Headroom makes. */
  public static final String FIELD_MANAGER = "headroom";

  private final KubernetesClient client;

  public DeploymentActuator(KubernetesClient client) {
    this.client = client;
  }

  /** Sets {@code spec.replicas}; Headroom's resource values stay as they are. */
  public Applied setReplicas(String namespace, String name, int replicas) {
    return apply(namespace, name, intent -> intent.withReplicas(replicas));
  }

  /**
   * Sets these containers' requests and limits in the pod template, which rolls the Deployment out
   * (a new ReplicaSet) when a value changes. A value of 0 is one Headroom does not set: the
   * container keeps whatever its manifest says, and a value Headroom set before is given up (and
   * removed, unless another manager owns it). Containers not named keep what Headroom set for them.
   *
   * @throws ActuationException when a named container is not in the pod template, or the apiserver
   *     refuses the change (e.g. a request above the manifest's limit)
   */
  public Applied rollout(String namespace, String name, Map<String, ContainerResources> resources) {
    return apply(
        namespace,
        name,
        intent -> intent.withResources(resources),
        deployment -> {
          Set<String> present = TargetReading.templateResources(deployment).keySet();
          List<String> missing =
              resources.keySet().stream().filter(c -> !present.contains(c)).sorted().toList();
          if (!missing.isEmpty()) {
            throw new ActuationException(
                describe(namespace, name) + " has no container " + String.join(", ", missing));
          }
        });
  }

  private Applied apply(String namespace, String name, UnaryOperator<HeadroomApply> change) {
    return apply(namespace, name, change, deployment -> {});
  }

  private Applied apply(
      String namespace,
      String name,
      UnaryOperator<HeadroomApply> change,
      java.util.function.Consumer<Deployment> check) {
    var resource = client.apps().deployments().inNamespace(namespace).withName(name);
    Deployment before = resource.get();
    if (before == null) {
      throw new ActuationException(describe(namespace, name) + " not found");
    }
    check.accept(before);
    HeadroomApply intent = change.apply(HeadroomApply.current(before, FIELD_MANAGER));
    String body = client.getKubernetesSerialization().asJson(intent.toApplyObject(namespace, name));
    PatchContext context =
        new PatchContext.Builder()
            .withPatchType(PatchType.SERVER_SIDE_APPLY)
            .withFieldManager(FIELD_MANAGER)
            // Force: the user asked Headroom to manage these fields by creating the policy, so it
            // takes them over from whoever set them before (kubectl, a GitOps tool applying the
            // manifest, a Helm release). Without force the first apply fails with a conflict for
            // any field another manager set to a different value. Force moves only the fields in
            // this apply, which are spec.replicas and the named resource values; every other
            // field stays with its manager. GitOps tools should leave these fields out of their
            // manifests (or ignore their differences) so they do not take them back.
            .withForce(true)
            .build();
    try {
      Deployment after = resource.patch(context, body);
      return new Applied(after, generation(before), generation(after));
    } catch (KubernetesClientException e) {
      throw new ActuationException(
          "server-side apply to "
              + describe(namespace, name)
              + " failed: "
              + Objects.requireNonNullElse(
                  e.getStatus() == null ? null : e.getStatus().getMessage(), e.getMessage()),
          e);
    }
  }

  private static long generation(Deployment d) {
    Long g = d.getMetadata().getGeneration();
    return g == null ? 0 : g;
  }

  private static String describe(String namespace, String name) {
    return "Deployment " + namespace + "/" + name;
  }
}
