package dev.headroom.actuation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.headroom.api.v1alpha1.PerformancePolicy;
import dev.headroom.engine.ContainerResources;
import dev.headroom.testing.cluster.CrdInstaller;
import dev.headroom.testing.cluster.LocalControlPlane;
import dev.headroom.testing.env.Poll;
import dev.headroom.testing.fixtures.Deployments;
import dev.headroom.testing.fixtures.TestObjects;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Headroom's actuation on the current Kubernetes (1.36). In-place resize for real at the API: the
 * resizer patches {@code pods/resize}, the apiserver accepts a resize within the pod's QoS class
 * and refuses one that would change it, and the fake node plays the kubelet's part (the container's
 * status reports the new resources). Conflicts: an {@code autoscaling/v2} HPA on the target is read
 * as such.
 */
class CurrentKubernetesActuationIT {
  private static final Duration APPLIED = Duration.ofSeconds(60);
  private static KubernetesClient client;
  private static String namespace;

  @BeforeAll
  static void start() {
    LocalControlPlane plane = LocalControlPlane.currentOrSkip();
    plane.enableWorkloads();
    client = plane.client();
    namespace = plane.createNamespace("resize");
    CrdInstaller.install(
        client, java.nio.file.Path.of("crds/performancepolicies.headroom.dev.yaml"));
  }

  @AfterAll
  static void cleanUp() {
    if (client != null && namespace != null) {
      client.namespaces().withName(namespace).delete();
    }
  }

  private static List<Pod> runningPods(String app) {
    client.resource(TestObjects.deployment(namespace, app, 2, "128Mi", Map.of())).create();
    Deployments.awaitReady(client, namespace, app, 2);
    return client.pods().inNamespace(namespace).withLabel("app", app).list().getItems();
  }

  @Test
  void aResizeWithinTheQosClassIsAcceptedAndApplied() {
    List<Pod> pods = runningPods("web");
    var resizer = new InPlaceResizer(client, new ApiDiscovery(client));
    assertThat(resizer.unsupported()).isEmpty();

    // Burstable stays Burstable: 10m -> 50m CPU requested, memory limit 128Mi -> 192Mi.
    InPlaceResult result =
        resizer.resize(pods, Map.of("app", new ContainerResources(50, 0, 0, 192L << 20)));

    assertThat(result).isInstanceOf(InPlaceResult.Resized.class);
    assertThat(((InPlaceResult.Resized) result).resized()).hasSize(2);
    for (Pod pod : pods) {
      String name = pod.getMetadata().getName();
      Poll.until(
          APPLIED,
          "the fake node to report the resize of " + name,
          () -> {
            var status =
                client
                    .pods()
                    .inNamespace(namespace)
                    .withName(name)
                    .get()
                    .getStatus()
                    .getContainerStatuses()
                    .get(0);
            return status.getResources() != null
                && new Quantity("50m").equals(status.getResources().getRequests().get("cpu"))
                && new Quantity("192Mi").equals(status.getResources().getLimits().get("memory"));
          });
      Pod after = client.pods().inNamespace(namespace).withName(name).get();
      assertThat(after.getSpec().getContainers().get(0).getResources().getRequests().get("cpu"))
          .isEqualTo(new Quantity("50m"));
      assertThat(after.getStatus().getContainerStatuses().get(0).getRestartCount()).isZero();
    }
  }

  @Test
  void aResizeThatWouldChangeTheQosClassIsRefusedByTheApiserver() {
    List<Pod> pods = runningPods("guaranteed-not");
    var resizer = new InPlaceResizer(client, new ApiDiscovery(client));

    // Requests equal to limits for CPU and memory would make the Burstable pod Guaranteed.
    assertThatThrownBy(
            () ->
                resizer.resize(
                    pods, Map.of("app", new ContainerResources(100, 100, 128L << 20, 128L << 20))))
        .isInstanceOf(ActuationException.class)
        .hasMessageContaining("resize of pod " + namespace + "/")
        .hasMessageContaining("Pod QOS Class may not change as a result of resizing");
  }

  @Test
  void aResizeNoNodeCanHoldIsRefusedByTheApiserver() {
    List<Pod> pods = runningPods("too-big");
    var resizer = new InPlaceResizer(client, new ApiDiscovery(client));

    // 12 cores requested on 8-core nodes: the PodResizeValidator admission plugin checks the
    // node's allocatable (the kubelet's PodResizePending/Infeasible is left for what gets past it).
    assertThatThrownBy(
            () ->
                resizer.resize(
                    pods, Map.of("app", new ContainerResources(12_000, 0, 0, 128L << 20))))
        .isInstanceOf(ActuationException.class)
        .hasMessageContaining(
            "node didn't have enough allocatable resources: cpu, requested: 12000, allocatable:"
                + " 8000");
    assertThat(
            client
                .pods()
                .inNamespace(namespace)
                .withName(pods.get(0).getMetadata().getName())
                .get()
                .getSpec()
                .getContainers()
                .get(0)
                .getResources()
                .getRequests())
        .as("the pod keeps its spec")
        .containsEntry("cpu", new Quantity("10m"));
  }

  @Test
  void anAutoscalingV2HpaOnTheTargetIsAConflict() {
    PerformancePolicy policy =
        client.resource(TestObjects.policy(namespace, "web-budget", "web-v2")).create();
    client
        .autoscaling()
        .v2()
        .horizontalPodAutoscalers()
        .inNamespace(namespace)
        .resource(TestObjects.hpaV2(namespace, "web-hpa", "web-v2", 1, 4, 80))
        .create();

    try (ConflictFinder finder = new ConflictFinder(client, new ApiDiscovery(client))) {
      // Its cache starts with this first check: the HPA made before is in its first list.
      Conflicts conflicts = finder.find(policy);

      assertThat(conflicts.owners())
          .containsExactly(new OtherOwner("HorizontalPodAutoscaler", "autoscaling/v2", "web-hpa"));
    }
  }
}
