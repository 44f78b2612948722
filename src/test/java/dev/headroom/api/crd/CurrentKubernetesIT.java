package dev.headroom.api.crd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headroom.testing.cluster.CrdInstaller;
import dev.headroom.testing.cluster.LocalControlPlane;
import dev.headroom.testing.fixtures.Deployments;
import dev.headroom.testing.fixtures.TestObjects;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The current Kubernetes (1.36, built from Go modules by {@code scripts/test-env.sh}) as a local
 * control plane: it is the version it says, serves what 1.20 lacks ({@code autoscaling/v2}, the pod
 * {@code resize} subresource), and — the apiserver that serves Deployments, not a CRD-only server —
 * judges every invalid policy fixture, CEL rules included, with exactly the message its first line
 * expects, and accepts every example. With its controller manager, scheduler and the fake-node
 * agent, a Deployment's pods become Ready.
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
    CrdInstaller.install(client, Crds.COMMITTED, true);
  }

  @AfterAll
  static void cleanUp() {
    if (client != null && namespace != null) {
      client.namespaces().withName(namespace).delete();
    }
  }

  static List<Path> fixtures() {
    return PolicyFiles.yamlFiles(PolicyFiles.INVALID);
  }

  static List<Path> examples() {
    return PolicyFiles.yamlFiles(PolicyFiles.EXAMPLES);
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

  @Test
  void theCrdKeepsItsCelRules() {
    var crd =
        client
            .apiextensions()
            .v1()
            .customResourceDefinitions()
            .withName("performancepolicies.headroom.dev")
            .get();
    assertThat(crd.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema().toString())
        .as("the rules were installed, not stripped")
        .contains("minReplicas must be less than or equal to maxReplicas");
  }

  @ParameterizedTest
  @MethodSource("fixtures")
  void everyMistakeIsRefusedWithTheExpectedMessage(Path fixture) {
    ServerVerdict.create(client, namespace, fixture).assertRefusedAsExpected(fixture);
  }

  @ParameterizedTest
  @MethodSource("examples")
  void everyExampleIsAccepted(Path example) {
    ServerVerdict verdict = ServerVerdict.create(client, namespace, example);
    assertThat(verdict.accepted())
        .as("%s: %s %s", example, verdict.message(), verdict.causes())
        .isTrue();
    String name = (String) ((Map<?, ?>) PolicyFiles.read(example).get("metadata")).get("name");
    assertThat(
            client
                .genericKubernetesResources(ServerVerdict.POLICIES)
                .inNamespace(namespace)
                .withName(name)
                .get())
        .isNotNull();
  }
}
