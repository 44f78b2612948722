package dev.headroom.actuation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headroom.engine.ContainerResources;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ScalableResourceTest {
  private static final ScalableResource STATEFUL_SET =
      new ScalableResource("apps", "v1", "StatefulSet", "statefulsets");
  private static final ScalableResource ROLLOUT =
      new ScalableResource("argoproj.io", "v1alpha1", "Rollout", "rollouts");
  private static final ScalableResource WORKER =
      new ScalableResource("example.com", "v1", "Worker", "workers");

  @Test
  void builtInKindsAreAppliedRolloutsPatchedAndOtherKindsLeftWithoutATemplate() {
    assertThat(ScalableResource.DEPLOYMENT.templateAccess())
        .isEqualTo(TemplateAccess.SERVER_SIDE_APPLY);
    assertThat(STATEFUL_SET.templateAccess()).isEqualTo(TemplateAccess.SERVER_SIDE_APPLY);
    assertThat(new ScalableResource("", "v1", "ReplicationController", "replicationcontrollers"))
        .satisfies(rc -> assertThat(rc.builtIn()).isTrue())
        .satisfies(rc -> assertThat(rc.apiVersion()).isEqualTo("v1"));
    assertThat(ROLLOUT.templateAccess()).isEqualTo(TemplateAccess.JSON_PATCH);
    assertThat(ROLLOUT.builtIn()).as("a Rollout's replicas go through scale").isFalse();
    assertThat(WORKER.templateAccess()).isEqualTo(TemplateAccess.NONE);
    assertThat(new ScalableResource("example.com", "v1", "StatefulSet", "statefulsets").builtIn())
        .as("a StatefulSet of another group is not the built-in one")
        .isFalse();
    assertThat(ROLLOUT.describe()).isEqualTo("argoproj.io/v1alpha1 Rollout");
  }

  @Test
  void aStatefulSetSaysHowItsPodsStartAndWhetherItsTemplateWaitsForDeletions() {
    var ordered = workload(STATEFUL_SET, Map.of("updateStrategy", Map.of("type", "OnDelete")));
    assertThat(ordered.startsPodsInOrder()).isTrue();
    assertThat(ordered.templateChangeWaits())
        .contains(
            "StatefulSet shop/db updates its pods OnDelete: the new resources reach a pod only"
                + " when it is deleted");
    var parallel =
        workload(
            STATEFUL_SET,
            Map.of(
                "podManagementPolicy",
                "Parallel",
                "updateStrategy",
                Map.of("type", "RollingUpdate")));
    assertThat(parallel.startsPodsInOrder()).isFalse();
    assertThat(parallel.templateChangeWaits()).isEmpty();
    assertThat(workload(WORKER, Map.of("podManagementPolicy", "OrderedReady")).startsPodsInOrder())
        .isFalse();
  }

  @Test
  void readyReplicasComeFromTheStatusWhenTheKindKeepsThem() {
    var object = object(Map.of());
    object.setAdditionalProperty("status", Map.of("readyReplicas", 3));
    var workload = new Workload(STATEFUL_SET, object, 4, "app=db", Optional.empty());
    assertThat(workload.statusReadyReplicas()).contains(3);
    assertThat(workload(WORKER, Map.of()).statusReadyReplicas()).isEmpty();
    assertThat(workload(WORKER, Map.of()).templateResources())
        .as("no template, no containers")
        .isEqualTo(Map.<String, ContainerResources>of());
  }

  private static Workload workload(ScalableResource kind, Map<String, Object> spec) {
    return new Workload(kind, object(spec), 2, "app=db", Optional.empty());
  }

  private static GenericKubernetesResource object(Map<String, Object> spec) {
    var object = new GenericKubernetesResource();
    object.setMetadata(new ObjectMetaBuilder().withName("db").withNamespace("shop").build());
    object.setAdditionalProperty("spec", spec);
    return object;
  }

  @Test
  void podsOfAnotherWorkloadThatTheSelectorAlsoMatchesAreNotItsOwn() {
    var object = object(Map.of());
    object.getMetadata().setUid("uid-db");
    var db = new Workload(STATEFUL_SET, object, 2, "app=db", Optional.empty());
    assertThat(db.mayOwn(pod(null, null))).as("a pod without a controller").isTrue();
    assertThat(db.mayOwn(pod("StatefulSet", "db"))).isTrue();
    assertThat(db.mayOwn(pod("ReplicaSet", "db-7d4b9c"))).as("named after it").isTrue();
    assertThat(db.mayOwn(pod("ReplicaSet", "api-7d4b9c")))
        .as("a Deployment's pod with overlapping labels")
        .isFalse();
    assertThat(db.mayOwn(pod("ReplicaSet", "dbx-7d4b9c"))).isFalse();
  }

  @Test
  void aReplicaSetsTemplateWaitsAndARolloutWithoutATemplateCannotBePatched() {
    var replicaSet = new ScalableResource("apps", "v1", "ReplicaSet", "replicasets");
    assertThat(workload(replicaSet, Map.of()).templateChangeWaits())
        .contains(
            "ReplicaSet shop/db does not roll its pods out: the new resources reach a pod only"
                + " when it is replaced");
    assertThat(
            workload(ROLLOUT, Map.of("workloadRef", Map.of("kind", "Deployment"))).templateAccess())
        .isEqualTo(TemplateAccess.NONE);
    assertThat(
            new Workload(
                    ROLLOUT,
                    object(Map.of()),
                    2,
                    "app=web",
                    Optional.of(new io.fabric8.kubernetes.api.model.PodTemplateSpec()))
                .templateAccess())
        .isEqualTo(TemplateAccess.JSON_PATCH);
  }

  private static io.fabric8.kubernetes.api.model.Pod pod(String ownerKind, String ownerName) {
    var builder = new io.fabric8.kubernetes.api.model.PodBuilder().withNewMetadata().withName("p");
    if (ownerKind != null) {
      builder
          .addNewOwnerReference()
          .withKind(ownerKind)
          .withName(ownerName)
          .withUid("StatefulSet".equals(ownerKind) ? "uid-db" : "uid-other")
          .withController(true)
          .endOwnerReference();
    }
    return builder.endMetadata().build();
  }
}
