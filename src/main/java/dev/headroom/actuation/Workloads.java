package dev.headroom.actuation;

import dev.headroom.api.v1alpha1.TargetRef;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.autoscaling.v1.Scale;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Finds a policy's target of any kind the way the HorizontalPodAutoscaler does: discovery resolves
 * {@code apiVersion}/{@code kind} to a resource and checks that it serves {@code scale}; the object
 * is read with its {@code scale} subresource, whose {@code status.selector} finds its pods.
 *
 * <p>Deployments are read from the operator's informer caches instead (see the reconciler); every
 * other kind is read here at each evaluation: two GETs and a LIST of its pods.
 */
public final class Workloads {
  private final KubernetesClient client;
  private final ApiDiscovery discovery;

  public Workloads(KubernetesClient client, ApiDiscovery discovery) {
    this.client = client;
    this.discovery = discovery;
  }

  /** The resource behind a reference, or why it cannot be a target. */
  public Resolution resolve(TargetRef ref) {
    String apiVersion = ref.effectiveApiVersion();
    String kind = ref.effectiveKind();
    Optional<String> plural = discovery.resourceOf(apiVersion, kind);
    if (plural.isEmpty()) {
      return new Resolution.Unresolved(
          new WorkloadLookup.Absent(
              WorkloadLookup.KIND_NOT_SERVED,
              apiVersion + " " + kind + " is not served by this cluster; nothing is changed"));
    }
    if (!discovery.serves(apiVersion, plural.get() + "/scale")) {
      return new Resolution.Unresolved(
          new WorkloadLookup.Absent(
              WorkloadLookup.NO_SCALE_SUBRESOURCE,
              apiVersion
                  + " "
                  + kind
                  + " has no scale subresource, which Headroom (like the HPA) scales through;"
                  + " nothing is changed"));
    }
    return new Resolution.Resolved(
        new ScalableResource(
            ref.group(), apiVersion.substring(apiVersion.indexOf('/') + 1), kind, plural.get()));
  }

  /** Discovery's answer for a target reference. */
  public sealed interface Resolution {
    record Resolved(ScalableResource resource) implements Resolution {}

    record Unresolved(WorkloadLookup.Absent absent) implements Resolution {}
  }

  /** The target named by {@code ref} in {@code namespace}, read fresh from the apiserver. */
  public WorkloadLookup find(String namespace, TargetRef ref) {
    Resolution resolution = resolve(ref);
    if (resolution instanceof Resolution.Unresolved unresolved) {
      return unresolved.absent();
    }
    ScalableResource resource = ((Resolution.Resolved) resolution).resource();
    Optional<Workload> read;
    try {
      read = read(resource, namespace, ref.name());
    } catch (KubernetesClientException e) {
      if (e.getCode() != 403) {
        throw e;
      }
      return new WorkloadLookup.Absent(
          WorkloadLookup.FORBIDDEN,
          "the operator may not read "
              + resource.kind()
              + " "
              + namespace
              + "/"
              + ref.name()
              + " or its scale ("
              + resource.plural()
              + ", "
              + resource.plural()
              + "/scale in group '"
              + resource.group()
              + "'); grant get on both (the chart grants them for StatefulSets and"
              + " ReplicaSets, with rbac.argoRollouts for Rollouts and rbac.scaleTargets for"
              + " custom resources); nothing is changed");
    }
    return read.<WorkloadLookup>map(WorkloadLookup.Found::new)
        .orElseGet(
            () ->
                new WorkloadLookup.Absent(
                    WorkloadLookup.NOT_FOUND,
                    resource.kind()
                        + " "
                        + namespace
                        + "/"
                        + ref.name()
                        + " not found; nothing is changed until it exists"));
  }

  /** The object and its scale, or empty when there is no such object. */
  public Optional<Workload> read(ScalableResource resource, String namespace, String name) {
    var object = client.genericKubernetesResources(resource.context()).inNamespace(namespace);
    GenericKubernetesResource found = object.withName(name).get();
    if (found == null) {
      return Optional.empty();
    }
    Scale scale;
    try {
      scale = object.withName(name).scale();
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404) {
        // Deleted between the two reads.
        return Optional.empty();
      }
      throw e;
    }
    int replicas =
        scale != null && scale.getSpec() != null && scale.getSpec().getReplicas() != null
            ? scale.getSpec().getReplicas()
            : 0;
    String selector =
        scale != null && scale.getStatus() != null && scale.getStatus().getSelector() != null
            ? scale.getStatus().getSelector()
            : "";
    return Optional.of(
        new Workload(resource, found, replicas, selector, template(resource, found)));
  }

  /**
   * Its pods: those its scale's selector selects, sorted by name. None when it publishes no
   * selector: Headroom never guesses which pods are a workload's.
   */
  public List<Pod> pods(Workload workload) {
    if (workload.selector().isEmpty()) {
      return List.of();
    }
    return client
        .pods()
        .inNamespace(workload.namespace())
        .list(new ListOptionsBuilder().withLabelSelector(workload.selector()).build())
        .getItems()
        .stream()
        .filter(pod -> workload.mayOwn(pod))
        .sorted(Comparator.comparing(pod -> pod.getMetadata().getName()))
        .toList();
  }

  private Optional<PodTemplateSpec> template(
      ScalableResource resource, GenericKubernetesResource object) {
    if (resource.templateAccess() == TemplateAccess.NONE) {
      return Optional.empty();
    }
    // A Rollout may refer to a Deployment's template (spec.workloadRef) instead of holding one.
    return Workload.templateOf(object, client.getKubernetesSerialization());
  }
}
