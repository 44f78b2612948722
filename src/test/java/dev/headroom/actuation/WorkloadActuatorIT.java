package dev.headroom.actuation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.headroom.engine.ContainerResources;
import dev.headroom.testing.cluster.RealCluster;
import dev.headroom.testing.cluster.TestNamespace;
import dev.headroom.testing.env.Poll;
import dev.headroom.testing.fixtures.Deployments;
import dev.headroom.testing.fixtures.TestObjects;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Headroom's server-side applies against a real apiserver: what {@code managedFields} say it owns,
 * that a GitOps tool's later applies of other fields neither conflict nor are touched, and that a
 * resources change rolls the Deployment out with exactly the values asked and nothing else changed.
 */
@RealCluster(workloads = true)
class WorkloadActuatorIT {
  /** The field manager Argo CD's server-side apply uses. */
  private static final String GITOPS = "argocd-controller";

  private static Deployment manifest(String ns, String name, Integer replicas, String image) {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(ns)
        .addToLabels("app", name)
        .addToAnnotations("team", "payments")
        .endMetadata()
        .withNewSpec()
        .withReplicas(replicas)
        .withNewSelector()
        .addToMatchLabels("app", name)
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .addToLabels("app", name)
        .endMetadata()
        .withNewSpec()
        .withTerminationGracePeriodSeconds(1L)
        .addNewContainer()
        .withName("app")
        .withImage(image)
        .addToArgs("--port=8080")
        .withNewResources()
        .addToRequests("cpu", new Quantity("100m"))
        .addToRequests("memory", new Quantity("32Mi"))
        .addToLimits("memory", new Quantity("128Mi"))
        .endResources()
        .endContainer()
        .addNewContainer()
        .withName("sidecar")
        .withImage(TestObjects.IMAGE)
        .withNewResources()
        .addToRequests("cpu", new Quantity("20m"))
        .addToRequests("memory", new Quantity("16Mi"))
        .addToLimits("memory", new Quantity("64Mi"))
        .endResources()
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  private static Deployment gitOpsApply(KubernetesClient client, Deployment manifest) {
    return client.resource(manifest).fieldManager(GITOPS).serverSideApply();
  }

  @Test
  void replicasAreOwnedByHeadroomAloneAndGitOpsChangesToOtherFieldsStayTheirs(
      KubernetesClient client, TestNamespace namespace) {
    String ns = namespace.name();
    gitOpsApply(client, manifest(ns, "web", 2, TestObjects.IMAGE));
    Deployment before = get(client, ns, "web");
    var actuator = new WorkloadActuator(client);

    Applied applied = actuator.setReplicas(ns, "web", 5);

    Deployment after = get(client, ns, "web");
    assertThat(after.getSpec().getReplicas()).isEqualTo(5);
    assertThat(applied.changed()).isTrue();
    assertThat(applied.generationAfter()).isEqualTo(after.getMetadata().getGeneration());
    assertThat(fieldsOf(after, "headroom"))
        .as("headroom owns spec.replicas and nothing else")
        .isEqualTo(Map.of("f:spec", Map.of("f:replicas", Map.of())));
    assertThat(fieldsOf(after, GITOPS).get("f:spec"))
        .as("force took replicas over from the GitOps tool")
        .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
        .doesNotContainKey("f:replicas")
        .containsKey("f:template");
    assertThat(withoutReplicas(after)).isEqualTo(withoutReplicas(before));
    assertThat(after.getMetadata().getLabels()).isEqualTo(before.getMetadata().getLabels());
    assertThat(userAnnotations(after)).isEqualTo(userAnnotations(before));

    // The GitOps tool, told to leave replicas to Headroom, applies a new image and label: no
    // conflict, and replicas stay Headroom's.
    Deployment next = manifest(ns, "web", null, TestObjects.IMAGE + "-next");
    next.getMetadata().getLabels().put("release", "2");
    gitOpsApply(client, next);
    Deployment synced = get(client, ns, "web");
    assertThat(synced.getSpec().getReplicas()).isEqualTo(5);
    assertThat(synced.getMetadata().getLabels()).containsEntry("release", "2");
    assertThat(synced.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .isEqualTo(TestObjects.IMAGE + "-next");
    assertThat(fieldsOf(synced, "headroom"))
        .isEqualTo(Map.of("f:spec", Map.of("f:replicas", Map.of())));

    // A manifest that still sets replicas conflicts with Headroom rather than silently winning.
    assertThatThrownBy(
            () -> gitOpsApply(client, manifest(ns, "web", 2, TestObjects.IMAGE + "-next")))
        .isInstanceOfSatisfying(
            KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409))
        .hasMessageContaining("headroom")
        .hasMessageContaining(".spec.replicas");

    // Headroom's next change keeps the GitOps tool's fields as they are.
    actuator.setReplicas(ns, "web", 3);
    Deployment again = get(client, ns, "web");
    assertThat(again.getSpec().getReplicas()).isEqualTo(3);
    assertThat(withoutReplicas(again)).isEqualTo(withoutReplicas(synced));
    assertThat(again.getMetadata().getLabels()).isEqualTo(synced.getMetadata().getLabels());

    // The same value again is a no-op: no new generation.
    assertThat(actuator.setReplicas(ns, "web", 3).changed()).isFalse();
  }

  @Test
  void aResourcesRolloutSetsExactlyTheValuesAskedKeepsReplicasAndTouchesNothingElse(
      KubernetesClient client, TestNamespace namespace) {
    String ns = namespace.name();
    gitOpsApply(client, manifest(ns, "api", 1, TestObjects.IMAGE));
    var actuator = new WorkloadActuator(client);
    actuator.setReplicas(ns, "api", 2);
    Deployment before = Deployments.awaitReady(client, ns, "api", 2);
    List<String> replicaSetsBefore = replicaSets(client, ns);
    assertThat(replicaSetsBefore).hasSize(1);

    Applied applied =
        actuator.rollout(
            ns, "api", Map.of("app", new ContainerResources(250, 1500, 96L << 20, 192L << 20)));

    assertThat(applied.generationAfter()).isEqualTo(applied.generationBefore() + 1);
    Deployment after = get(client, ns, "api");
    assertThat(after.getSpec().getReplicas()).as("replicas kept").isEqualTo(2);
    Container app = after.getSpec().getTemplate().getSpec().getContainers().get(0);
    Container appBefore = before.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(app.getResources().getRequests())
        .isEqualTo(Map.of("cpu", new Quantity("250m"), "memory", new Quantity("96Mi")));
    assertThat(app.getResources().getLimits())
        .isEqualTo(Map.of("cpu", new Quantity("1500m"), "memory", new Quantity("192Mi")));
    app.setResources(appBefore.getResources());
    assertThat(app).as("the rest of the container").isEqualTo(appBefore);
    assertThat(after.getSpec().getTemplate().getSpec().getContainers().get(1))
        .as("the other container")
        .isEqualTo(before.getSpec().getTemplate().getSpec().getContainers().get(1));
    assertThat(fieldsOf(after, "headroom"))
        .isEqualTo(
            Map.of(
                "f:spec",
                Map.of(
                    "f:replicas",
                    Map.of(),
                    "f:template",
                    Map.of(
                        "f:spec",
                        Map.of(
                            "f:containers",
                            Map.of(
                                "k:{\"name\":\"app\"}",
                                Map.of(
                                    ".",
                                    Map.of(),
                                    "f:name",
                                    Map.of(),
                                    "f:resources",
                                    Map.of(
                                        "f:requests",
                                        Map.of("f:cpu", Map.of(), "f:memory", Map.of()),
                                        "f:limits",
                                        Map.of("f:cpu", Map.of(), "f:memory", Map.of())))))))));
    assertThat(HeadroomOwnership.of(after, "headroom"))
        .isEqualTo(
            new HeadroomOwnership(
                true, Map.of("app", java.util.EnumSet.allOf(ResourceField.class))));

    // The Deployment controller rolls it out: a new ReplicaSet whose pods carry the new values.
    ReplicaSet rolled =
        Poll.value(
            Deployments.ROLLOUT,
            "a new ReplicaSet of api",
            () ->
                client.apps().replicaSets().inNamespace(ns).list().getItems().stream()
                    .filter(rs -> !replicaSetsBefore.contains(rs.getMetadata().getName()))
                    .findFirst());
    assertThat(
            TargetReading.resources(
                rolled.getSpec().getTemplate().getSpec().getContainers().get(0).getResources()))
        .isEqualTo(new ContainerResources(250, 1500, 96L << 20, 192L << 20));
    Deployment ready = Deployments.awaitReady(client, ns, "api", 2);
    assertThat(ready.getMetadata().getAnnotations())
        .containsEntry("deployment.kubernetes.io/revision", "2");

    // A replicas change afterwards keeps the resources (the same field manager owns both).
    actuator.setReplicas(ns, "api", 1);
    Deployment scaled = get(client, ns, "api");
    assertThat(scaled.getSpec().getReplicas()).isEqualTo(1);
    assertThat(TargetReading.templateResources(scaled).get("app"))
        .isEqualTo(new ContainerResources(250, 1500, 96L << 20, 192L << 20));
    assertThat(scaled.getMetadata().getGeneration())
        .isEqualTo(after.getMetadata().getGeneration() + 1);
  }

  @Test
  void aContainerTheDeploymentDoesNotHaveIsRefusedBeforeAnyWrite(
      KubernetesClient client, TestNamespace namespace) {
    String ns = namespace.name();
    gitOpsApply(client, manifest(ns, "one", 1, TestObjects.IMAGE));
    Deployment before = get(client, ns, "one");

    assertThatThrownBy(
            () ->
                new WorkloadActuator(client)
                    .rollout(ns, "one", Map.of("ghost", new ContainerResources(100, 0, 0, 0))))
        .isInstanceOf(ActuationException.class)
        .hasMessage("Deployment " + ns + "/one has no container ghost");
    assertThatThrownBy(() -> new WorkloadActuator(client).setReplicas(ns, "missing", 1))
        .isInstanceOf(ActuationException.class)
        .hasMessage("Deployment " + ns + "/missing not found");
    // The Deployment controller writes status meanwhile; the spec and its owners are untouched.
    Deployment after = get(client, ns, "one");
    assertThat(after.getMetadata().getGeneration()).isEqualTo(before.getMetadata().getGeneration());
    assertThat(after.getSpec()).isEqualTo(before.getSpec());
    assertThat(after.getMetadata().getManagedFields())
        .noneMatch(e -> WorkloadActuator.FIELD_MANAGER.equals(e.getManager()));
  }

  private static Deployment get(KubernetesClient client, String ns, String name) {
    return client.apps().deployments().inNamespace(ns).withName(name).get();
  }

  /** The spec as JSON with replicas left out: "byte for byte" for everything else. */
  private static String withoutReplicas(Deployment d) {
    var spec = Models.JSON.clone(d.getSpec());
    spec.setReplicas(null);
    return Models.JSON.asJson(spec);
  }

  /** Annotations other than the Deployment controller's own. */
  private static Map<String, String> userAnnotations(Deployment d) {
    Map<String, String> out = new TreeMap<>(d.getMetadata().getAnnotations());
    out.keySet().removeIf(k -> k.startsWith("deployment.kubernetes.io/"));
    return out;
  }

  private static Map<String, Object> fieldsOf(Deployment d, String manager) {
    Optional<ManagedFieldsEntry> entry =
        d.getMetadata().getManagedFields().stream()
            .filter(e -> manager.equals(e.getManager()) && "Apply".equals(e.getOperation()))
            .findFirst();
    assertThat(entry).as("an Apply entry of " + manager).isPresent();
    return entry.get().getFieldsV1().getAdditionalProperties();
  }

  private static List<String> replicaSets(KubernetesClient client, String ns) {
    return Poll.value(
        Duration.ofMinutes(1),
        "the first ReplicaSet",
        () -> {
          var names =
              client.apps().replicaSets().inNamespace(ns).list().getItems().stream()
                  .map(rs -> rs.getMetadata().getName())
                  .toList();
          return names.isEmpty() ? Optional.empty() : Optional.of(names);
        });
  }
}
