package dev.headroom.actuation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headroom.engine.ContainerResources;
import dev.headroom.testing.cluster.RealCluster;
import dev.headroom.testing.cluster.TestNamespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * In-place resize where the cluster lacks the pod {@code resize} subresource (the 1.20 test control
 * plane): the resizer says why and changes nothing, so the caller can fall back to a rollout.
 */
@RealCluster
class InPlaceResizerIT {
  @Test
  void withoutThePodsResizeSubresourceItFallsBackWithAReasonAndChangesNothing(
      KubernetesClient client, TestNamespace namespace) {
    // What the server lists under /api/v1, read directly rather than through ApiDiscovery.
    String coreResources = client.raw(client.getMasterUrl().toString() + "api/v1");
    Assumptions.assumeFalse(
        coreResources.contains("\"pods/resize\""),
        "this cluster serves pods/resize; the fallback cannot be tested here");
    String ns = namespace.name();
    // Without kube-controller-manager nothing creates the namespace's default ServiceAccount,
    // which pod admission looks up.
    try {
      client
          .serviceAccounts()
          .inNamespace(ns)
          .resource(
              new ServiceAccountBuilder()
                  .withNewMetadata()
                  .withName("default")
                  .endMetadata()
                  .build())
          .create();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        throw e;
      }
    }
    Pod pod =
        client
            .resource(
                new PodBuilder()
                    .withNewMetadata()
                    .withName("web-1")
                    .withNamespace(ns)
                    .endMetadata()
                    .withNewSpec()
                    // No token controller here either.
                    .withAutomountServiceAccountToken(false)
                    .addNewContainer()
                    .withName("app")
                    .withImage("registry.k8s.io/pause:3.9")
                    .withNewResources()
                    .addToRequests("cpu", new Quantity("100m"))
                    .endResources()
                    .endContainer()
                    .endSpec()
                    .build())
            .create();
    var resizer = new InPlaceResizer(client, new ApiDiscovery(client));

    InPlaceResult result =
        resizer.resize(List.of(pod), Map.of("app", new ContainerResources(200, 0, 0, 0)));

    assertThat(result).isInstanceOf(InPlaceResult.Unsupported.class);
    String message = ((InPlaceResult.Unsupported) result).message();
    assertThat(message)
        .startsWith(
            "InPlaceUnsupported: the cluster (Kubernetes "
                + client.getKubernetesVersion().getGitVersion())
        .contains("does not serve the pods/resize subresource")
        .contains("1.33");
    Pod after = client.pods().inNamespace(ns).withName("web-1").get();
    // A scheduler and fake node, if another test started them, may bind and start the pod; its
    // containers' resources are what matters.
    assertThat(after.getSpec().getContainers()).isEqualTo(pod.getSpec().getContainers());
    assertThat(resizer.unsupported()).contains((InPlaceResult.Unsupported) result);
  }
}
