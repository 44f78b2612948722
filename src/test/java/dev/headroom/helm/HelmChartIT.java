package dev.headroom.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.headroom.testing.cluster.CrdInstaller;
import dev.headroom.testing.cluster.Impersonation;
import dev.headroom.testing.cluster.RealCluster;
import dev.headroom.testing.cluster.TestNamespace;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The chart's rendered manifests against a real apiserver: every rendering passes a server-side
 * dry-run apply (the apiserver's own schemas, ours for the CRD), and the ServiceAccount the chart
 * binds may do what the operator needs and nothing more ({@code kubectl auth can-i}).
 */
@RealCluster
class HelmChartIT {
  private static final Path CRD = Chart.DIR.resolve("crds/performancepolicies.headroom.dev.yaml");

  /** Verbs the operator never uses: each would widen what a compromised operator could do. */
  private static final List<String[]> MUST_NOT =
      List.of(
          new String[] {"delete", "apps", "deployments"},
          new String[] {"create", "apps", "deployments"},
          new String[] {"update", "apps", "deployments"},
          new String[] {"patch", "apps", "deployments/scale"},
          new String[] {"delete", "apps", "statefulsets"},
          new String[] {"update", "apps", "statefulsets"},
          new String[] {"patch", "apps", "statefulsets/scale"},
          new String[] {"list", "apps", "statefulsets"},
          new String[] {"delete", "apps", "replicasets"},
          new String[] {"get", "argoproj.io", "rollouts"},
          new String[] {"patch", "argoproj.io", "rollouts/scale"},
          new String[] {"delete", "", "pods"},
          new String[] {"create", "", "pods"},
          new String[] {"patch", "", "pods"},
          new String[] {"create", "", "pods/exec"},
          new String[] {"create", "", "pods/eviction"},
          new String[] {"list", "", "secrets"},
          new String[] {"watch", "", "secrets"},
          new String[] {"create", "", "secrets"},
          new String[] {"get", "", "configmaps"},
          new String[] {"create", "", "serviceaccounts/token"},
          new String[] {"create", "headroom.dev", "performancepolicies"},
          new String[] {"patch", "headroom.dev", "performancepolicies"},
          new String[] {"update", "headroom.dev", "performancepolicies"},
          new String[] {"delete", "headroom.dev", "performancepolicies"},
          new String[] {"create", "autoscaling", "horizontalpodautoscalers"},
          new String[] {"delete", "", "events"},
          new String[] {"delete", "coordination.k8s.io", "leases"},
          new String[] {"create", "rbac.authorization.k8s.io", "roles"},
          new String[] {"create", "rbac.authorization.k8s.io", "rolebindings"});

  @Test
  void everyRenderingPassesAServerSideDryRun(KubernetesClient client) {
    CrdInstaller.install(client, CRD);
    CrdInstaller.install(
        client, Path.of("src/test/resources/helm/servicemonitors.monitoring.coreos.com.yaml"));
    CrdInstaller.install(
        client, Path.of("src/test/resources/helm/prometheusrules.monitoring.coreos.com.yaml"));
    String release = uniqueName("headroom-dry");
    List<String> namespaces = List.of(release, release + "-a", release + "-b");
    namespaces.forEach(ns -> createNamespace(client, ns));
    try {
      for (String values :
          List.of(
              "{}",
              "watchNamespaces: [%s-a, %s-b]".formatted(release, release),
              "{shards: 3, replicaCount: 2}",
              """
              replicaCount: 2
              prometheus:
                auth: {type: bearer, secretName: prom-token}
                headers: {X-Scope-OrgID: team-a}
                tls: {caSecretName: prom-ca}
              serviceMonitor: {enabled: true}
              prometheusRule: {enabled: true}
              dashboard: {enabled: true}
              nodeSelector: {kubernetes.io/os: linux}
              """)) {
        var rendered = Chart.render(release, release, values);
        for (ObjectNode doc : rendered.docs()) {
          assertThat(dryRunApply(client, doc))
              .as("%s %s with values %s", doc.path("kind"), doc.at("/metadata/name"), values)
              .isNotNull();
        }
      }
      // The dry-run checks what it is given: a misspelt field in the Deployment is refused.
      ObjectNode broken = Chart.render(release, release, "{}").one("Deployment").deepCopy();
      ((ObjectNode) broken.path("spec")).put("replicaz", 2);
      assertThatThrownBy(() -> dryRunApply(client, broken))
          .isInstanceOf(KubernetesClientException.class)
          .hasMessageContaining("replicaz");
    } finally {
      namespaces.forEach(ns -> client.namespaces().withName(ns).delete());
    }
  }

  @Test
  void theNamespacedAccountMayDoWhatTheOperatorNeedsAndNothingMore(
      KubernetesClient client, TestNamespace watched) {
    String release = uniqueName("headroom-ns");
    createNamespace(client, release);
    var rendered = Chart.render(release, release, "watchNamespaces: [" + watched.name() + "]");
    List<HasMetadata> applied = apply(client, rendered);
    try (KubernetesClient operator = Impersonation.asServiceAccount(client, release, release)) {
      assertNeededAllowed(operator, watched.name());
      assertLeaseAllowed(operator, release);
      assertNothingMore(operator, watched.name());
      // Not watched: nothing at all, not even reading.
      for (String resource : List.of("deployments", "pods", "secrets")) {
        String group = resource.equals("deployments") ? "apps" : "";
        assertThat(Impersonation.canI(operator, "get", group, resource, "default"))
            .as("get %s in an unwatched namespace", resource)
            .isFalse();
        assertThat(Impersonation.canI(operator, "list", group, resource, "default"))
            .as("list %s in an unwatched namespace", resource)
            .isFalse();
      }
    } finally {
      applied.forEach(r -> client.resource(r).delete());
      client.namespaces().withName(release).delete();
    }
  }

  @Test
  void theClusterWideAccountMayDoWhatTheOperatorNeedsAndNothingMore(
      KubernetesClient client, TestNamespace anyNamespace) {
    String release = uniqueName("headroom-cw");
    createNamespace(client, release);
    List<HasMetadata> applied = apply(client, Chart.render(release, release, "{}"));
    try (KubernetesClient operator = Impersonation.asServiceAccount(client, release, release)) {
      assertNeededAllowed(operator, anyNamespace.name());
      assertLeaseAllowed(operator, release);
      assertNothingMore(operator, anyNamespace.name());
      assertThat(Impersonation.canI(operator, "create", "coordination.k8s.io", "leases", "default"))
          .as("leases outside the release namespace")
          .isFalse();
      assertThat(Impersonation.canI(operator, "list", "", "nodes", null)).isFalse();
      assertThat(Impersonation.canI(operator, "list", "", "namespaces", null)).isFalse();
    } finally {
      applied.forEach(r -> client.resource(r).delete());
      client.namespaces().withName(release).delete();
    }
  }

  @Test
  void rolloutsAndCustomScaleTargetsAreGrantedOnlyWhenTheValuesAskForThem(
      KubernetesClient client, TestNamespace watched) {
    String release = uniqueName("headroom-ro");
    createNamespace(client, release);
    var rendered =
        Chart.render(
            release,
            release,
            """
            watchNamespaces: [%s]
            rbac:
              argoRollouts: true
              scaleTargets: [{apiGroup: example.com, resource: workers}]
            """
                .formatted(watched.name()));
    List<HasMetadata> applied = apply(client, rendered);
    String ns = watched.name();
    try (KubernetesClient operator = Impersonation.asServiceAccount(client, release, release)) {
      assertNeededAllowed(operator, ns);
      for (String[] allowed :
          List.of(
              new String[] {"get", "argoproj.io", "rollouts"},
              new String[] {"patch", "argoproj.io", "rollouts"},
              new String[] {"get", "argoproj.io", "rollouts/scale"},
              new String[] {"patch", "argoproj.io", "rollouts/scale"},
              new String[] {"get", "example.com", "workers"},
              new String[] {"get", "example.com", "workers/scale"},
              new String[] {"patch", "example.com", "workers/scale"})) {
        assertThat(Impersonation.canI(operator, allowed[0], allowed[1], allowed[2], ns))
            .as("can-i %s %s/%s", (Object[]) allowed)
            .isTrue();
      }
      for (String[] denied :
          List.of(
              new String[] {"delete", "argoproj.io", "rollouts"},
              new String[] {"list", "argoproj.io", "rollouts"},
              new String[] {"patch", "example.com", "workers"},
              new String[] {"delete", "example.com", "workers"},
              new String[] {"update", "example.com", "workers/scale"})) {
        assertThat(Impersonation.canI(operator, denied[0], denied[1], denied[2], ns))
            .as("can-i %s %s/%s", (Object[]) denied)
            .isFalse();
      }
    } finally {
      applied.forEach(r -> client.resource(r).delete());
      client.namespaces().withName(release).delete();
    }
  }

  private static void assertNeededAllowed(KubernetesClient operator, String namespace) {
    HelmChartTest.WATCH_RULES.forEach(
        (groupResource, verbs) -> {
          int slash = groupResource.indexOf('/');
          String group = groupResource.substring(0, slash);
          String resource = groupResource.substring(slash + 1);
          for (String verb : verbs) {
            assertThat(Impersonation.canI(operator, verb, group, resource, namespace))
                .as("can-i %s %s in %s", verb, groupResource, namespace)
                .isTrue();
          }
        });
  }

  private static void assertLeaseAllowed(KubernetesClient operator, String releaseNamespace) {
    assertThat(
            Impersonation.canI(
                operator, "create", "coordination.k8s.io", "leases", releaseNamespace))
        .isTrue();
  }

  private static void assertNothingMore(KubernetesClient operator, String namespace) {
    for (String[] forbidden : MUST_NOT) {
      assertThat(Impersonation.canI(operator, forbidden[0], forbidden[1], forbidden[2], namespace))
          .as("can-i %s %s/%s in %s", forbidden[0], forbidden[1], forbidden[2], namespace)
          .isFalse();
    }
  }

  private static HasMetadata dryRunApply(KubernetesClient client, ObjectNode doc) {
    return client
        .resource(toResource(client, doc))
        .dryRun()
        .fieldManager("helm-chart-it")
        .forceConflicts()
        .serverSideApply();
  }

  private static List<HasMetadata> apply(KubernetesClient client, Chart.Rendered rendered) {
    List<HasMetadata> applied = new ArrayList<>();
    for (ObjectNode doc : rendered.docs()) {
      if (!doc.path("kind").asText().equals("Deployment")) {
        applied.add(
            client
                .resource(toResource(client, doc))
                .fieldManager("helm-chart-it")
                .forceConflicts()
                .serverSideApply());
      }
    }
    return applied;
  }

  private static GenericKubernetesResource toResource(KubernetesClient client, ObjectNode doc) {
    return client
        .getKubernetesSerialization()
        .unmarshal(doc.toString(), GenericKubernetesResource.class);
  }

  private static void createNamespace(KubernetesClient client, String name) {
    client
        .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .create();
  }

  private static String uniqueName(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 6).toLowerCase(Locale.ROOT);
  }
}
