package dev.headroom.actuation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headroom.api.v1alpha1.PerformancePolicy;
import dev.headroom.testing.cluster.CrdInstaller;
import dev.headroom.testing.cluster.RealCluster;
import dev.headroom.testing.cluster.TestNamespace;
import dev.headroom.testing.env.Poll;
import dev.headroom.testing.fixtures.TestObjects;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Other owners of a target, found on a real apiserver: HPAs through autoscaling/v1, VPAs and KEDA
 * ScaledObjects only where their CRDs are served, and an older PerformancePolicy.
 */
@RealCluster
class ConflictFinderIT {
  private static final Path CRD = Path.of("crds/performancepolicies.headroom.dev.yaml");

  private ConflictFinder finder;

  @BeforeEach
  void setUp(KubernetesClient client) {
    CrdInstaller.install(client, CRD);
    // No caching, so the CRDs this test installs and removes are seen at once.
    finder = new ConflictFinder(client, new ApiDiscovery(client, Duration.ZERO, Clock.systemUTC()));
  }

  @AfterEach
  void stopCaches() {
    finder.close();
  }

  @Test
  void anHpaCreatedAsAutoscalingV1OnTheTargetIsAConflictOneOnAnotherIsNot(
      KubernetesClient client, TestNamespace namespace) {
    String ns = namespace.name();
    PerformancePolicy policy =
        client.resource(TestObjects.policy(ns, "web-budget", "web")).create();
    assertThat(finder.find(policy).any()).isFalse();

    hpa(client, ns, "web-hpa", "web");
    hpa(client, ns, "api-hpa", "api");

    // Read from a watch-backed cache: seen once the watch brings them.
    Poll.until(Duration.ofSeconds(10), "the HPAs in the cache", () -> finder.find(policy).any());
    Conflicts conflicts = finder.find(policy);
    // Read through autoscaling/v2 where the server has it (1.23+), else v1.
    String read =
        new ApiDiscovery(client).serves("autoscaling/v2", "horizontalpodautoscalers")
            ? "autoscaling/v2"
            : "autoscaling/v1";
    assertThat(conflicts.owners())
        .containsExactly(new OtherOwner("HorizontalPodAutoscaler", read, "web-hpa"));
    assertThat(conflicts.message("Deployment " + ns + "/web"))
        .isEqualTo(
            "Deployment " + ns + "/web is also controlled by HorizontalPodAutoscaler web-hpa");
  }

  @Test
  void vpasAndScaledObjectsCountOnlyWhereTheirApisAreServed(
      KubernetesClient client, TestNamespace namespace) {
    String ns = namespace.name();
    PerformancePolicy policy =
        client.resource(TestObjects.policy(ns, "web-budget", "web")).create();
    CustomResourceDefinition vpa =
        crd("autoscaling.k8s.io", "v1", "VerticalPodAutoscaler", "verticalpodautoscalers");
    CustomResourceDefinition keda = crd("keda.sh", "v1alpha1", "ScaledObject", "scaledobjects");
    var discovery = new ApiDiscovery(client, Duration.ZERO, Clock.systemUTC());
    try {
      // Without the CRDs (a cluster without the VPA or KEDA): no error, no conflict.
      removeCrd(client, discovery, vpa);
      removeCrd(client, discovery, keda);
      assertThat(discovery.resources("autoscaling.k8s.io/v1")).isEmpty();
      assertThat(discovery.resources("keda.sh/v1alpha1")).isEmpty();
      assertThat(finder.find(policy)).isEqualTo(Conflicts.none());

      installCrd(client, discovery, vpa);
      installCrd(client, discovery, keda);
      create(
          client,
          ns,
          "autoscaling.k8s.io/v1",
          "VerticalPodAutoscaler",
          "web-vpa",
          Map.of(
              "targetRef", Map.of("apiVersion", "apps/v1", "kind", "Deployment", "name", "web"),
              "updatePolicy", Map.of("updateMode", "Auto")));
      create(
          client,
          ns,
          "autoscaling.k8s.io/v1",
          "VerticalPodAutoscaler",
          "other-vpa",
          Map.of(
              "targetRef", Map.of("apiVersion", "apps/v1", "kind", "Deployment", "name", "api")));
      // KEDA's scaleTargetRef defaults kind and apiVersion to a Deployment.
      create(
          client,
          ns,
          "keda.sh/v1alpha1",
          "ScaledObject",
          "web-so",
          Map.of("scaleTargetRef", Map.of("name", "web"), "triggers", List.of()));

      Poll.until(
          Duration.ofSeconds(10),
          "the VPA and the ScaledObject in the caches",
          () -> finder.find(policy).owners().size() == 2);
      assertThat(finder.find(policy).owners())
          .containsExactly(
              new OtherOwner("VerticalPodAutoscaler", "autoscaling.k8s.io/v1", "web-vpa"),
              new OtherOwner("ScaledObject", "keda.sh/v1alpha1", "web-so"));
    } finally {
      // The CRDs are cluster-wide and the cluster is shared: leave it as it was.
      removeCrd(client, discovery, vpa);
      removeCrd(client, discovery, keda);
    }
  }

  @Test
  void ofTwoPoliciesOnOneTargetTheNewerOneConflictsWithTheOlder(
      KubernetesClient client, TestNamespace namespace) throws InterruptedException {
    String ns = namespace.name();
    // The older one's name sorts last, so only the creation time can make it win.
    PerformancePolicy older = client.resource(TestObjects.policy(ns, "z-first", "web")).create();
    Thread.sleep(1100); // creationTimestamp has one-second resolution
    PerformancePolicy newer = client.resource(TestObjects.policy(ns, "a-second", "web")).create();
    client.resource(TestObjects.policy(ns, "elsewhere", "api")).create();
    assertThat(newer.getMetadata().getCreationTimestamp())
        .isNotEqualTo(older.getMetadata().getCreationTimestamp());

    assertThat(finder.find(newer).owners())
        .containsExactly(new OtherOwner("PerformancePolicy", "headroom.dev/v1alpha1", "z-first"));
    assertThat(finder.find(older).any()).isFalse();
    PerformancePolicy elsewhere =
        client.resources(PerformancePolicy.class).inNamespace(ns).withName("elsewhere").get();
    assertThat(finder.find(elsewhere).any()).isFalse();
  }

  private static void hpa(KubernetesClient client, String ns, String name, String target) {
    client.resource(TestObjects.hpa(ns, name, target, 1, 5, 80)).create();
  }

  private static CustomResourceDefinition crd(
      String group, String version, String kind, String plural) {
    return new CustomResourceDefinitionBuilder()
        .withNewMetadata()
        .withName(plural + "." + group)
        // Groups under k8s.io need this; the VPA's own CRD carries the same value.
        .addToAnnotations(
            "api-approved.kubernetes.io", "https://github.com/kubernetes/kubernetes/pull/63797")
        .endMetadata()
        .withNewSpec()
        .withGroup(group)
        .withScope("Namespaced")
        .withNewNames()
        .withKind(kind)
        .withPlural(plural)
        .withSingular(kind.toLowerCase(java.util.Locale.ROOT))
        .endNames()
        .addNewVersion()
        .withName(version)
        .withServed(true)
        .withStorage(true)
        .withNewSchema()
        .withNewOpenAPIV3Schema()
        .withType("object")
        .withXKubernetesPreserveUnknownFields(true)
        .endOpenAPIV3Schema()
        .endSchema()
        .endVersion()
        .endSpec()
        .build();
  }

  private static void installCrd(
      KubernetesClient client, ApiDiscovery discovery, CustomResourceDefinition crd) {
    client.resource(crd).create();
    String gv = crd.getSpec().getGroup() + "/" + crd.getSpec().getVersions().get(0).getName();
    Poll.until(
        Duration.ofSeconds(60),
        crd.getMetadata().getName() + " to be served",
        () -> discovery.serves(gv, crd.getSpec().getNames().getPlural()));
  }

  private static void removeCrd(
      KubernetesClient client, ApiDiscovery discovery, CustomResourceDefinition crd) {
    String name = crd.getMetadata().getName();
    client.apiextensions().v1().customResourceDefinitions().withName(name).delete();
    String gv = crd.getSpec().getGroup() + "/" + crd.getSpec().getVersions().get(0).getName();
    Poll.until(
        Duration.ofSeconds(60),
        name + " to be gone",
        () ->
            client.apiextensions().v1().customResourceDefinitions().withName(name).get() == null
                && discovery.resources(gv).isEmpty());
  }

  private static void create(
      KubernetesClient client,
      String ns,
      String apiVersion,
      String kind,
      String name,
      Map<String, Object> spec) {
    GenericKubernetesResource r =
        new GenericKubernetesResourceBuilder()
            .withApiVersion(apiVersion)
            .withKind(kind)
            .withNewMetadata()
            .withName(name)
            .withNamespace(ns)
            .endMetadata()
            .withAdditionalProperties(Map.of("spec", spec))
            .build();
    client.resource(r).create();
  }
}
