package dev.headroom.testing.nodes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headroom.testing.cluster.Cluster;
import dev.headroom.testing.cluster.RealCluster;
import dev.headroom.testing.cluster.TestNamespace;
import dev.headroom.testing.env.Poll;
import dev.headroom.testing.fixtures.Deployments;
import dev.headroom.testing.fixtures.TestObjects;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The fake-node agent on the local control plane: Deployments become Ready on its nodes, and a
 * container over its memory limit is OOM-killed and restarted as on a real node. Real clusters
 * (k3s, yours) run real kubelets, so there is no agent to test there.
 */
@RealCluster(workloads = true)
class FakeNodeAgentIT {
  private FakeNodeAgent agent;

  @BeforeEach
  void onlyWithFakeNodes(Cluster cluster) {
    agent = cluster.requireFakeNodes();
  }

  @Test
  void theNodesAreReadySchedulableAndHoldALease(KubernetesClient client) {
    for (String name : agent.nodeNames()) {
      Node node = client.nodes().withName(name).get();
      assertThat(node.getStatus().getConditions())
          .anySatisfy(
              c -> {
                assertThat(c.getType()).isEqualTo("Ready");
                assertThat(c.getStatus()).isEqualTo("True");
              });
      assertThat(FakeNodes.hasNotReadyTaint(node)).as(name + " tainted not-ready").isFalse();
      assertThat(node.getStatus().getAllocatable()).containsKeys("cpu", "memory", "pods");
      Poll.until(
          Duration.ofSeconds(30),
          "the Lease of " + name,
          () -> client.leases().inNamespace("kube-node-lease").withName(name).get() != null);
    }
  }

  @Test
  void aDeploymentsPodsRunOnTheFakeNodesAndBecomeReady(
      KubernetesClient client, TestNamespace namespace) {
    String ns = namespace.name();
    client.resource(TestObjects.deployment(ns, "web", 3, "128Mi", Map.of())).create();

    Deployment ready = Deployments.awaitReady(client, ns, "web", 3);

    assertThat(ready.getStatus().getAvailableReplicas()).isEqualTo(3);
    List<Pod> pods = client.pods().inNamespace(ns).withLabel("app", "web").list().getItems();
    assertThat(pods).hasSize(3);
    for (Pod pod : pods) {
      assertThat(agent.nodeNames()).contains(pod.getSpec().getNodeName());
      assertThat(pod.getStatus().getPhase()).isEqualTo("Running");
      assertThat(pod.getStatus().getPodIP()).startsWith("127.");
      assertThat(pod.getStatus().getHostIP()).startsWith("127.0.10.");
      ContainerStatus app = pod.getStatus().getContainerStatuses().get(0);
      assertThat(app.getName()).isEqualTo("app");
      assertThat(app.getReady()).isTrue();
      assertThat(app.getRestartCount()).isZero();
      assertThat(app.getState().getRunning()).isNotNull();
    }
    assertThat(pods.stream().map(p -> p.getStatus().getPodIP()).distinct()).hasSize(3);
  }

  @Test
  void aContainerUsingMoreThanItsMemoryLimitIsOomKilledAndRestarted(
      KubernetesClient client, TestNamespace namespace) {
    String ns = namespace.name();
    client
        .resource(
            TestObjects.deployment(
                ns, "hog", 1, "32Mi", Map.of(WorkloadMemoryModel.USAGE_ANNOTATION, "64Mi")))
        .create();

    Pod pod =
        Poll.value(
            Duration.ofMinutes(3),
            "the hog pod to be OOM-killed twice",
            () ->
                client.pods().inNamespace(ns).withLabel("app", "hog").list().getItems().stream()
                    .filter(p -> p.getStatus().getContainerStatuses() != null)
                    .filter(p -> !p.getStatus().getContainerStatuses().isEmpty())
                    .filter(p -> p.getStatus().getContainerStatuses().get(0).getRestartCount() >= 2)
                    .findFirst());

    ContainerStatus app = pod.getStatus().getContainerStatuses().get(0);
    assertThat(app.getReady()).isFalse();
    assertThat(app.getLastState().getTerminated().getReason()).isEqualTo("OOMKilled");
    assertThat(app.getLastState().getTerminated().getExitCode()).isEqualTo(137);
    assertThat(app.getState().getRunning()).as("restarted after the kill").isNotNull();
    assertThat(pod.getStatus().getConditions())
        .anySatisfy(
            c -> {
              assertThat(c.getType()).isEqualTo("Ready");
              assertThat(c.getStatus()).isEqualTo("False");
            });
    Deployment hog = client.apps().deployments().inNamespace(ns).withName("hog").get();
    assertThat(hog.getStatus().getReadyReplicas()).as("never ready").isNull();
  }

  @Test
  void aContainerTheModelNoLongerKillsIsReadyAgain(
      KubernetesClient client, Cluster cluster, TestNamespace namespace) throws Exception {
    String ns = namespace.name();
    FakeNodeAgent agent = cluster.fakeNodes().orElseThrow();
    AtomicReference<String> usage = new AtomicReference<>("64Mi");
    try (AutoCloseable model =
        agent.useMemoryModel(ns, (pod, container) -> Optional.of(new Quantity(usage.get())))) {
      client.resource(TestObjects.deployment(ns, "surge", 1, "32Mi", Map.of())).create();
      Poll.until(
          Duration.ofMinutes(2),
          "the surge pod OOM-killed",
          () ->
              client.pods().inNamespace(ns).withLabel("app", "surge").list().getItems().stream()
                  .anyMatch(
                      p ->
                          p.getStatus().getContainerStatuses() != null
                              && !p.getStatus().getContainerStatuses().isEmpty()
                              && p.getStatus().getContainerStatuses().get(0).getRestartCount()
                                  >= 1));
      // The load that swelled it went elsewhere: it fits its limit again.
      usage.set("16Mi");
      Poll.until(
          Duration.ofMinutes(2),
          "the surge pod Ready again",
          () ->
              client.pods().inNamespace(ns).withLabel("app", "surge").list().getItems().stream()
                  .anyMatch(FakeNodeAgent::ready));
    }
  }
}
