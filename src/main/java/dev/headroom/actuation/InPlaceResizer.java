package dev.headroom.actuation;

import dev.headroom.engine.ContainerResources;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Resizes running pods' containers without a restart through the pod {@code resize} subresource
 * (Kubernetes 1.33 and later; alpha behind a feature gate from 1.27), where API discovery shows the
 * cluster serves {@code pods/resize}; elsewhere it changes nothing and says why, so the caller
 * falls back to a rollout.
 *
 * <p>It resizes pods, not the pod template: pods the Deployment creates later start with the
 * template's values until a rollout changes it.
 */
public final class InPlaceResizer {
  static final String RESIZE_RESOURCE = "pods/" + ResizeRequest.SUBRESOURCE;

  private final KubernetesClient client;
  private final ApiDiscovery discovery;

  public InPlaceResizer(KubernetesClient client, ApiDiscovery discovery) {
    this.client = client;
    this.discovery = discovery;
  }

  /** Empty when the cluster serves {@code pods/resize}, else why not. */
  public Optional<InPlaceResult.Unsupported> unsupported() {
    if (discovery.serves("v1", RESIZE_RESOURCE)) {
      return Optional.empty();
    }
    return Optional.of(
        new InPlaceResult.Unsupported(
            "the cluster ("
                + serverVersion()
                + ") does not serve the pods/resize subresource, which in-place resize needs"
                + " (Kubernetes 1.33 or later)"));
  }

  /**
   * Gives the running pods' containers these values (0: leave that value as it is). Pods being
   * deleted or not yet running are left alone: the Deployment replaces them anyway.
   *
   * @throws ActuationException when the apiserver refuses a resize (e.g. one that would change the
   *     pod's QoS class)
   */
  public InPlaceResult resize(Collection<Pod> pods, Map<String, ContainerResources> resources) {
    Optional<InPlaceResult.Unsupported> unsupported = unsupported();
    if (unsupported.isPresent()) {
      return unsupported.get();
    }
    List<String> resized = new ArrayList<>();
    List<String> unchanged = new ArrayList<>();
    for (Pod pod : pods) {
      if (!resizable(pod)) {
        continue;
      }
      Optional<ResizeRequest> request = ResizeRequest.of(pod, resources);
      if (request.isEmpty()) {
        unchanged.add(pod.getMetadata().getName());
        continue;
      }
      send(request.get());
      resized.add(pod.getMetadata().getName());
    }
    return new InPlaceResult.Resized(List.copyOf(resized), List.copyOf(unchanged));
  }

  static boolean resizable(Pod pod) {
    return pod.getMetadata().getDeletionTimestamp() == null
        && pod.getStatus() != null
        && "Running".equals(pod.getStatus().getPhase());
  }

  private void send(ResizeRequest request) {
    try {
      client
          .pods()
          .inNamespace(request.namespace())
          .withName(request.pod())
          .subresource(ResizeRequest.SUBRESOURCE)
          .patch(
              new PatchContext.Builder()
                  .withPatchType(PatchType.STRATEGIC_MERGE)
                  .withFieldManager(WorkloadActuator.FIELD_MANAGER)
                  .build(),
              client.getKubernetesSerialization().asJson(request.patch()));
    } catch (KubernetesClientException e) {
      throw new ActuationException(
          "resize of pod "
              + request.namespace()
              + "/"
              + request.pod()
              + " failed: "
              + e.getMessage(),
          e);
    }
  }

  private String serverVersion() {
    try {
      return "Kubernetes " + client.getKubernetesVersion().getGitVersion();
    } catch (KubernetesClientException e) {
      return "version unknown";
    }
  }
}
