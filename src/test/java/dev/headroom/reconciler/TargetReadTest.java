package dev.headroom.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headroom.actuation.ScalableResource;
import dev.headroom.actuation.Workload;
import dev.headroom.engine.ContainerResources;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TargetReadTest {
  private static final Instant NOW = Instant.parse("2026-12-05T12:00:00Z");
  private static final ScalableResource WORKER =
      new ScalableResource("example.com", "v1", "Worker", "workers");

  @Test
  void aKindWithoutTemplateOrReadyCountIsReadFromItsPods() {
    var object = new GenericKubernetesResource();
    object.setMetadata(
        new ObjectMetaBuilder()
            .withName("queue")
            .withNamespace("jobs")
            .withCreationTimestamp("2026-12-05T11:00:00Z")
            .build());
    var workload = new Workload(WORKER, object, 3, "app=queue", Optional.empty());

    TargetSnapshot snapshot =
        TargetRead.snapshot(
            workload,
            List.of(
                pod("queue-a", true, false),
                pod("queue-b", false, false),
                pod("queue-c", true, true)),
            NOW);

    assertThat(snapshot.describe()).isEqualTo("Worker jobs/queue");
    assertThat(snapshot.replicas()).isEqualTo(3);
    assertThat(snapshot.readyReplicas())
        .as("a Ready pod being deleted does not count")
        .isEqualTo(1);
    assertThat(snapshot.containers())
        .as("the containers of a running pod stand for the template it has none of")
        .containsExactly(Map.entry("app", new ContainerResources(100, 0, 128L << 20, 128L << 20)));
    assertThat(snapshot.created()).contains(Instant.parse("2026-12-05T11:00:00Z"));
    assertThat(snapshot.workload().startsInOrder()).isFalse();
  }

  @Test
  void anOrderedReadyStatefulSetTellsTheEngineItsPodsStartOneAtATime() {
    var object = new GenericKubernetesResource();
    object.setMetadata(new ObjectMetaBuilder().withName("db").withNamespace("shop").build());
    object.setAdditionalProperty("spec", Map.of("replicas", 2));
    object.setAdditionalProperty("status", Map.of("readyReplicas", 2));
    var statefulSet = new ScalableResource("apps", "v1", "StatefulSet", "statefulsets");
    var snapshot =
        TargetRead.snapshot(
            new Workload(statefulSet, object, 2, "app=db", Optional.empty()), List.of(), NOW);
    assertThat(snapshot.readyReplicas()).isEqualTo(2);
    assertThat(snapshot.workload().startsInOrder()).isTrue();
  }

  private static Pod pod(String name, boolean ready, boolean deleting) {
    var builder =
        new PodBuilder()
            .withNewMetadata()
            .withName(name)
            .withDeletionTimestamp(deleting ? "2026-12-05T11:59:00Z" : null)
            .endMetadata()
            .withNewSpec()
            .addNewContainer()
            .withName("app")
            .withNewResources()
            .addToRequests("cpu", new Quantity("100m"))
            .addToLimits("memory", new Quantity("128Mi"))
            .endResources()
            .endContainer()
            .endSpec()
            .withNewStatus()
            .addNewCondition()
            .withType("Ready")
            .withStatus(ready ? "True" : "False")
            .endCondition()
            .endStatus();
    return builder.build();
  }

  @Test
  void onlyPodsAtTheTemplatesMemoryLimitCountForOomKills() {
    var template = Map.of("app", new ContainerResources(100, 0, 128L << 20, 128L << 20));
    Pod current = pod("db-0", true, false);
    Pod old = pod("db-1", true, false);
    old.getSpec()
        .getContainers()
        .get(0)
        .getResources()
        .getLimits()
        .put("memory", new Quantity("64Mi"));
    assertThat(TargetRead.atTemplate(List.of(current, old), template)).containsExactly(current);
    assertThat(TargetRead.atTemplate(List.of(current, old), Map.of()))
        .as("without a template every pod counts")
        .containsExactly(current, old);
  }

  @Test
  void aTargetAnotherObjectControlsHasThatObjectAsItsOtherOwner() {
    var replicaSet =
        new io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder()
            .withNewMetadata()
            .withName("web-7d4b9c")
            .addNewOwnerReference()
            .withApiVersion("apps/v1")
            .withKind("Deployment")
            .withName("web")
            .withController(true)
            .endOwnerReference()
            .endMetadata()
            .build();
    assertThat(PerformancePolicyReconciler.controllerOf(replicaSet).map(o -> o.describe()))
        .contains("Deployment web");
    var alone =
        new io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder()
            .withNewMetadata()
            .withName("batch")
            .endMetadata()
            .build();
    assertThat(PerformancePolicyReconciler.controllerOf(alone)).isEmpty();
  }
}
