package dev.headroom.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headroom.testing.cluster.LocalControlPlane;
import dev.headroom.testing.env.Poll;
import dev.headroom.testing.env.TestEnvironment;
import dev.headroom.testing.fixtures.Deployments;
import dev.headroom.testing.fixtures.TestObjects;
import dev.headroom.testing.nodes.FakeNodeAgent;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.ContainerMetrics;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetrics;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The resource-metrics pipeline of a real cluster on the current Kubernetes (1.36): each fake
 * node's kubelet port serves {@code /metrics/resource}, the real metrics-server v0.8.0 scrapes it
 * and serves {@code metrics.k8s.io} through the aggregation layer, {@code kubectl top} reads it,
 * and the real HorizontalPodAutoscaler controller in kube-controller-manager scales a Deployment on
 * it.
 */
class RealHpaIT {
  /** metrics-server keeps two scrapes 15 s apart before it reports a rate; then the HPA's 15 s. */
  private static final Duration METRICS = Duration.ofSeconds(120);

  private static final double CORES_PER_POD = 0.4;

  private static LocalControlPlane plane;
  private static KubernetesClient client;
  private static String namespace;
  private static AutoCloseable cpuModel;

  @BeforeAll
  static void start() {
    plane = LocalControlPlane.currentOrSkip();
    plane.enableResourceMetrics();
    client = plane.client();
    namespace = plane.createNamespace("hpa");
    FakeNodeAgent agent = plane.fakeNodes().orElseThrow();
    // Every container of this namespace burns 400 millicores from its start.
    cpuModel =
        agent.useCpuModel(
            namespace,
            (pod, container) ->
                OptionalDouble.of(CORES_PER_POD * secondsSinceStart(pod, container.getName())));
  }

  @AfterAll
  static void cleanUp() throws Exception {
    if (cpuModel != null) {
      cpuModel.close();
    }
    if (client != null && namespace != null) {
      client.namespaces().withName(namespace).delete();
    }
  }

  @Test
  void podMetricsComeFromTheKubeletEndpointThroughMetricsServer() throws Exception {
    startDeployment("top", 2);
    List<PodMetrics> metrics = awaitPodMetrics("top", 2);
    for (PodMetrics pod : metrics) {
      ContainerMetrics app = pod.getContainers().get(0);
      double cores = Quantity.getAmountInBytes(app.getUsage().get("cpu")).doubleValue();
      assertThat(cores)
          .as("%s's CPU as metrics-server reports it", pod.getMetadata().getName())
          .isBetween(CORES_PER_POD * 0.9, CORES_PER_POD * 1.1);
      assertThat(Quantity.getAmountInBytes(app.getUsage().get("memory")).longValue())
          .as("%s's working set", pod.getMetadata().getName())
          .isPositive();
    }

    String top = kubectl("top", "pods", "-n", namespace);
    for (PodMetrics pod : metrics) {
      assertThat(top).contains(pod.getMetadata().getName());
    }
    assertThat(top).containsPattern("(39\\d|40\\d|41\\d)m");
    // Node metrics need two scrapes of a node's counter as well; a user would retry as this does.
    Poll.until(
        METRICS,
        "kubectl top nodes to list " + agentNode(),
        () -> {
          try {
            return kubectl("top", "nodes").contains(agentNode());
          } catch (AssertionError e) {
            return false; // "metrics not available yet"
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
          }
        });
  }

  @Test
  void theRealHpaScalesOnTheCpuMetricsServerReports() {
    // 400m used of a 500m request is 80 % against a 50 % target: ceil(2 × 80 / 50) = 4.
    startDeployment("hpa", 2);
    client.resource(TestObjects.hpaV2(namespace, "hpa", "hpa", 2, 6, 50)).create();

    HorizontalPodAutoscaler scaled =
        Poll.value(
            METRICS.plusSeconds(60),
            "the HPA to scale hpa to 4 replicas",
            () ->
                Optional.ofNullable(
                        client
                            .autoscaling()
                            .v2()
                            .horizontalPodAutoscalers()
                            .inNamespace(namespace)
                            .withName("hpa")
                            .get())
                    .filter(h -> h.getStatus() != null)
                    .filter(h -> Integer.valueOf(4).equals(h.getStatus().getDesiredReplicas())));
    int utilization =
        scaled
            .getStatus()
            .getCurrentMetrics()
            .get(0)
            .getResource()
            .getCurrent()
            .getAverageUtilization();
    assertThat(utilization).as("the CPU utilization the HPA read").isBetween(72, 88);
    Deployments.awaitReady(client, namespace, "hpa", 4);
    assertThat(
            client.v1().events().inNamespace(namespace).list().getItems().stream()
                .filter(e -> "SuccessfulRescale".equals(e.getReason()))
                .map(e -> e.getMessage()))
        .anyMatch(m -> m.contains("New size: 4") && m.contains("cpu resource utilization"));
  }

  private static void startDeployment(String name, int replicas) {
    Map<String, String> requests = Map.of("cpu", "500m", "memory", "64Mi");
    client
        .resource(
            TestObjects.deployment(
                namespace, name, replicas, requests, Map.of("memory", "64Mi"), Map.of()))
        .create();
    Deployments.awaitReady(client, namespace, name, replicas);
  }

  private static List<PodMetrics> awaitPodMetrics(String app, int pods) {
    return Poll.value(
        METRICS,
        "metrics.k8s.io to report " + pods + " pods of " + app,
        () -> {
          List<PodMetrics> items =
              client.top().pods().inNamespace(namespace).metrics().getItems().stream()
                  .filter(m -> m.getMetadata().getName().startsWith(app + "-"))
                  .toList();
          return items.size() == pods ? Optional.of(items) : Optional.empty();
        });
  }

  private static String agentNode() {
    return plane.fakeNodes().orElseThrow().nodeNames().get(0);
  }

  private static double secondsSinceStart(Pod pod, String container) {
    return pod.getStatus().getContainerStatuses().stream()
        .filter(s -> container.equals(s.getName()))
        .map(s -> s.getState().getRunning())
        .filter(running -> running != null && running.getStartedAt() != null)
        .map(running -> Duration.between(Instant.parse(running.getStartedAt()), Instant.now()))
        .map(d -> d.toMillis() / 1000.0)
        .findFirst()
        .orElse(0.0);
  }

  private static String kubectl(String... args) throws IOException, InterruptedException {
    List<String> command = new java.util.ArrayList<>();
    command.add(TestEnvironment.locate().binaryPath("kubectl").toString());
    command.add("--kubeconfig=" + plane.kubeconfig());
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as("kubectl %s:%n%s", String.join(" ", args), output).isZero();
    return output;
  }
}
