package dev.headroom.api.crd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headroom.testing.cluster.LocalControlPlane;
import dev.headroom.testing.fixtures.Deployments;
import dev.headroom.testing.fixtures.TestObjects;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The current Kubernetes (1.36, built from Go modules by {@code scripts/test-env.sh}) as a local
 * control plane: it is the version it says, serves what 1.20 lacks ({@code autoscaling/v2}, the pod
 * {@code resize} subresource), and with its controller manager, scheduler and the fake-node agent,
 * a Deployment's pods become Ready. The CRD's CEL rules are judged by this same apiserver: {@code
 * PolicyCrdCelIT} and {@code ValidatorAgreesWithServerIT} run on it ({@code CelServer}).
 */
class CurrentKubernetesIT {
  private static KubernetesClient client;
  private static String namespace;

  @BeforeAll
  static void start() {
    LocalControlPlane plane = LocalControlPlane.currentOrSkip();
    client = plane.client();
    System.out.println(
        "[headroom tests] CurrentKubernetesIT runs against "
            + plane.description()
            + ", server "
            + client.getKubernetesVersion().getGitVersion());
    namespace = plane.createNamespace("current");
  }

  @AfterAll
  static void cleanUp() {
    if (client != null && namespace != null) {
      client.namespaces().withName(namespace).delete();
    }
  }

  @Test
  void theServerIsKubernetes136WithWhat120Lacks() {
    assertThat(client.getKubernetesVersion().getGitVersion()).isEqualTo("v1.36.3");
    assertThat(client.getApiGroup("autoscaling").getVersions())
        .extracting(v -> v.getVersion())
        .contains("v2");
    List<String> coreResources =
        client.getApiResources("v1").getResources().stream().map(APIResource::getName).toList();
    assertThat(coreResources).contains("pods/resize");
  }

  @Test
  void aDeploymentBecomesReadyOnTheFakeNodes() {
    LocalControlPlane.sharedCurrent().enableWorkloads();
    client.resource(TestObjects.deployment(namespace, "web", 2, "128Mi", Map.of())).create();

    assertThat(Deployments.awaitReady(client, namespace, "web", 2).getStatus().getReadyReplicas())
        .isEqualTo(2);
  }
}
