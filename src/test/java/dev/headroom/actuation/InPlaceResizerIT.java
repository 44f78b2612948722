package dev.headroom.actuation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headroom.engine.ContainerResources;
import dev.headroom.testing.cluster.LocalControlPlane;
import dev.headroom.testing.env.TestEnvironment;
import dev.headroom.testing.env.Unavailable;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * In-place resize where the cluster lacks the pod {@code resize} subresource — Debian's 1.20
 * control plane, a real apiserver that serves none, whichever version the other tests run on: the
 * resizer says why and changes nothing, so the caller can fall back to a rollout.
 */
class InPlaceResizerIT {
  @Test
  void withoutThePodsResizeSubresourceItFallsBackWithAReasonAndChangesNothing() {
    LocalControlPlane.whyUnavailable(TestEnvironment.locate())
        .ifPresent(
            why -> {
              throw Unavailable.skipOrFail("the 1.20 local control plane", why, Unavailable.FIX);
            });
    LocalControlPlane plane = LocalControlPlane.sharedLegacy();
    KubernetesClient client = plane.client();
    // What the server lists under /api/v1, read directly rather than through ApiDiscovery.
    String coreResources = client.raw(client.getMasterUrl().toString() + "api/v1");
    assertThat(coreResources)
        .as("the 1.20 apiserver's core resources")
        .doesNotContain("pods/resize");
    String ns = plane.createNamespace("resize-fallback");
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
    client.namespaces().withName(ns).delete();
  }
}
