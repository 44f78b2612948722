package dev.headroom.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headroom.testing.fixtures.TestObjects;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EvaluationTriggersTest {
  private static final KubernetesSerialization YAML = new KubernetesSerialization();

  private static Pod pod(String yaml) {
    return YAML.unmarshal(yaml, Pod.class);
  }

  /** A pod as the Deployment controller makes it: ReplicaSet web-7d9f8b6c5d, hash label. */
  private static Pod ownedPod(String name, String hash, String ownerKind, String ownerName) {
    return pod(
        """
        apiVersion: v1
        kind: Pod
        metadata:
          name: %s
          namespace: shop
          labels: {app: web, pod-template-hash: "%s"}
          ownerReferences:
            - {apiVersion: apps/v1, kind: %s, name: %s, uid: u1, controller: true}
        """
            .formatted(name, hash, ownerKind, ownerName));
  }

  private static Pod containers(int appRestarts, String appLastReason, int sidecarRestarts) {
    String last =
        appLastReason == null
            ? ""
            : "lastState: {terminated: {reason: %s, exitCode: 137}}".formatted(appLastReason);
    return pod(
        """
        apiVersion: v1
        kind: Pod
        metadata: {name: web-1, namespace: shop}
        status:
          phase: Running
          containerStatuses:
            - name: app
              restartCount: %d
              %s
            - name: sidecar
              restartCount: %d
        """
            .formatted(appRestarts, last, sidecarRestarts));
  }

  @Test
  void theInputsOfAnEvaluationChangeWithANewOomKillAndNotWithOtherRestarts() {
    var before = EvaluationInputs.of(3L, Optional.empty(), List.of(containers(2, "OOMKilled", 0)));
    assertThat(EvaluationInputs.of(3L, Optional.empty(), List.of(containers(2, "OOMKilled", 5))))
        .as("a sidecar's restarts")
        .isEqualTo(before);
    assertThat(EvaluationInputs.of(3L, Optional.empty(), List.of(containers(3, "OOMKilled", 0))))
        .as("one more OOM kill")
        .isNotEqualTo(before);
    assertThat(EvaluationInputs.of(4L, Optional.empty(), List.of(containers(2, "OOMKilled", 0))))
        .as("a new policy generation")
        .isNotEqualTo(before);
  }

  @Test
  void headroomsOwnScaleIsNoNewInputButAnotherScaleOrSpecChangeIs() {
    Deployment before = TestObjects.deployment("shop", "web", 2, "64Mi", Map.of());
    before.getMetadata().setUid("u1");
    var evaluated = EvaluationInputs.of(3L, Optional.of(before), List.of());
    Deployment scaledByHeadroom =
        new DeploymentBuilder(before).editSpec().withReplicas(4).endSpec().build();
    assertThat(EvaluationInputs.of(3L, Optional.of(scaledByHeadroom), List.of()))
        .isEqualTo(evaluated.withReplicas(4))
        .isNotEqualTo(evaluated.withReplicas(3));
    Deployment newImage =
        new DeploymentBuilder(before)
            .editSpec()
            .editTemplate()
            .editSpec()
            .editFirstContainer()
            .withImage("web:2")
            .endContainer()
            .endSpec()
            .endTemplate()
            .endSpec()
            .build();
    assertThat(EvaluationInputs.of(3L, Optional.of(newImage), List.of())).isNotEqualTo(evaluated);
  }

  private static Deployment generation(Long generation, int readyReplicas) {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName("web")
        .withNamespace("shop")
        .withGeneration(generation)
        .endMetadata()
        .withNewStatus()
        .withReadyReplicas(readyReplicas)
        .endStatus()
        .build();
  }

  @Test
  void aDeploymentsPodMapsToTheReplicaSetNameWithoutItsHash() {
    assertThat(
            EvaluationTriggers.deploymentOf(
                ownedPod("web-7d9f8b6c5d-x2x4q", "7d9f8b6c5d", "ReplicaSet", "web-7d9f8b6c5d")))
        .contains("web");
    assertThat(
            EvaluationTriggers.deploymentOf(
                ownedPod(
                    "shop-web-v2-5c6b7d8f9-abcde",
                    "5c6b7d8f9",
                    "ReplicaSet",
                    "shop-web-v2-5c6b7d8f9")))
        .as("dashes in the Deployment's name stay")
        .contains("shop-web-v2");
  }

  @Test
  void aPodWithoutOwnersOrHashBelongsToNoDeployment() {
    assertThat(
            EvaluationTriggers.deploymentOf(
                pod(
                    """
                    apiVersion: v1
                    kind: Pod
                    metadata: {name: debug, namespace: shop, labels: {pod-template-hash: abc}}
                    """)))
        .isEmpty();
    assertThat(
            EvaluationTriggers.deploymentOf(
                pod(
                    """
                    apiVersion: v1
                    kind: Pod
                    metadata:
                      name: web-abc-x
                      namespace: shop
                      ownerReferences:
                        - {apiVersion: apps/v1, kind: ReplicaSet, name: web-abc, uid: u1, controller: true}
                    """)))
        .as("no pod-template-hash label")
        .isEmpty();
    assertThat(
            EvaluationTriggers.deploymentOf(
                pod(
                    """
                    apiVersion: v1
                    kind: Pod
                    metadata: {name: bare}
                    """)))
        .isEmpty();
  }

  @Test
  void aPodControlledByAnythingButAReplicaSetBelongsToNoDeployment() {
    assertThat(
            EvaluationTriggers.deploymentOf(
                ownedPod("db-0", "7d9f8b6c5d", "StatefulSet", "db-7d9f8b6c5d")))
        .isEmpty();
    assertThat(
            EvaluationTriggers.deploymentOf(
                pod(
                    """
                    apiVersion: v1
                    kind: Pod
                    metadata:
                      name: web-abc-x
                      namespace: shop
                      labels: {pod-template-hash: abc}
                      ownerReferences:
                        - {apiVersion: apps/v1, kind: ReplicaSet, name: web-abc, uid: u1}
                    """)))
        .as("an owner that is not the controller")
        .isEmpty();
    assertThat(
            EvaluationTriggers.deploymentOf(
                pod(
                    """
                    apiVersion: v1
                    kind: Pod
                    metadata:
                      name: web-abc-x
                      namespace: shop
                      labels: {pod-template-hash: abc}
                      ownerReferences:
                        - {apiVersion: example.com/v1, kind: ReplicaSet, name: web-abc, uid: u1, controller: true}
                    """)))
        .as("a ReplicaSet kind of another API group")
        .isEmpty();
  }

  @Test
  void aReplicaSetNotNamedAfterThePodsHashBelongsToNoDeployment() {
    assertThat(
            EvaluationTriggers.deploymentOf(
                ownedPod("web-x", "7d9f8b6c5d", "ReplicaSet", "web-5c6b7d8f9")))
        .isEmpty();
    assertThat(
            EvaluationTriggers.deploymentOf(
                ownedPod("web-x", "7d9f8b6c5d", "ReplicaSet", "web7d9f8b6c5d")))
        .as("the hash must follow a dash")
        .isEmpty();
    assertThat(
            EvaluationTriggers.deploymentOf(
                ownedPod("web-x", "7d9f8b6c5d", "ReplicaSet", "-7d9f8b6c5d")))
        .as("nothing left of the name")
        .isEmpty();
  }

  @Test
  void onlyPodsTheSelectorSelectsAreTheTargetsInNameOrder() {
    Deployment web =
        new DeploymentBuilder()
            .withNewMetadata()
            .withName("web")
            .withNamespace("shop")
            .endMetadata()
            .withNewSpec()
            .withNewSelector()
            .addToMatchLabels("app", "web")
            .endSelector()
            .endSpec()
            .build();
    Pod b = ownedPod("web-abc-b", "abc", "ReplicaSet", "web-abc");
    Pod a = ownedPod("web-abc-a", "abc", "ReplicaSet", "web-abc");
    Pod other =
        pod(
            """
            apiVersion: v1
            kind: Pod
            metadata:
              name: web-def-c
              namespace: shop
              labels: {app: not-web, pod-template-hash: def}
            """);

    assertThat(EvaluationTriggers.selectedBy(web, List.of(b, other, a)))
        .extracting(p -> p.getMetadata().getName())
        .containsExactly("web-abc-a", "web-abc-b");
    Deployment noSelector =
        new DeploymentBuilder(web).editSpec().withSelector(null).endSpec().build();
    assertThat(EvaluationTriggers.selectedBy(noSelector, List.of(a, b))).isEmpty();
  }

  @Test
  void anOomKillTriggersWhenTheRestartCountRoseWithAnOomKilledLastState() {
    assertThat(EvaluationTriggers.newOomKill(containers(0, null, 0), containers(1, "OOMKilled", 0)))
        .isTrue();
    assertThat(
            EvaluationTriggers.newOomKill(
                containers(3, "OOMKilled", 0), containers(4, "OOMKilled", 0)))
        .as("killed again")
        .isTrue();
  }

  @Test
  void otherPodChangesDoNotTrigger() {
    assertThat(
            EvaluationTriggers.newOomKill(
                containers(1, "OOMKilled", 0), containers(1, "OOMKilled", 0)))
        .as("the same kill seen again (e.g. the pod became Ready)")
        .isFalse();
    assertThat(EvaluationTriggers.newOomKill(containers(0, null, 0), containers(1, "Error", 0)))
        .as("a restart after a crash that was not an OOM kill")
        .isFalse();
    assertThat(
            EvaluationTriggers.newOomKill(
                containers(1, "OOMKilled", 0), containers(1, "OOMKilled", 1)))
        .as("another container restarted, the OOM kill is old")
        .isFalse();
    assertThat(EvaluationTriggers.newOomKill(containers(0, null, 0), containers(0, null, 0)))
        .isFalse();
    Pod withoutStatus =
        pod(
            """
            apiVersion: v1
            kind: Pod
            metadata: {name: web-1, namespace: shop}
            """);
    assertThat(EvaluationTriggers.newOomKill(withoutStatus, withoutStatus)).isFalse();
    assertThat(EvaluationTriggers.newOomKill(withoutStatus, containers(1, "OOMKilled", 0)))
        .as("a status that first appears with a kill")
        .isTrue();
  }

  @Test
  void onlyANewGenerationIsASpecChange() {
    assertThat(EvaluationTriggers.specChanged(generation(3L, 1), generation(3L, 2)))
        .as("readyReplicas moved: status only")
        .isFalse();
    assertThat(EvaluationTriggers.specChanged(generation(3L, 2), generation(4L, 2)))
        .as("replicas or the template changed")
        .isTrue();
    assertThat(EvaluationTriggers.specChanged(generation(null, 1), generation(null, 2)))
        .as("unknown generations: never miss a change")
        .isTrue();
    assertThat(EvaluationTriggers.specChanged(generation(3L, 1), generation(null, 1))).isTrue();
  }

  /**
   * Headroom's own scale (the count it last applied, 4 here) is read at the next evaluation, not at
   * once; anyone else's change triggers. From generation 3, 3 replicas, image shop/web:1.
   */
  @ParameterizedTest(name = "{4}")
  @CsvSource({
    "4, 4, shop/web:1, false, Headroom's own count",
    "4, 5, shop/web:1, true, another count: someone else's scale",
    "4, 3, shop/web:2, true, the template",
    "4, 4, shop/web:2, true, the template and Headroom's count",
    "3, 3, shop/web:1, false, status only"
  })
  void headroomsOwnScaleIsNotATargetChange(
      long generation, int replicas, String image, boolean triggers, String change) {
    assertThat(
            EvaluationTriggers.targetChanged(
                deployment(3L, 3, "shop/web:1"), deployment(generation, replicas, image), 4))
        .as(change)
        .isEqualTo(triggers);
  }

  @Test
  void withoutAnOwnScaleEveryCountChangeTriggers() {
    assertThat(
            EvaluationTriggers.targetChanged(
                deployment(3L, 3, "shop/web:1"), deployment(4L, 4, "shop/web:1"), null))
        .isTrue();
  }

  private static Deployment deployment(Long generation, int replicas, String image) {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName("web")
        .withNamespace("shop")
        .withGeneration(generation)
        .endMetadata()
        .withNewSpec()
        .withReplicas(replicas)
        .withNewTemplate()
        .withNewSpec()
        .addNewContainer()
        .withName("app")
        .withImage(image)
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  @Test
  void theDeploymentsSelectorLabelsMustAllMatch() {
    Deployment web =
        new DeploymentBuilder()
            .withNewMetadata()
            .withName("web")
            .withNamespace("shop")
            .endMetadata()
            .withNewSpec()
            .withNewSelector()
            .withMatchLabels(Map.of("app", "web", "tier", "front"))
            .endSelector()
            .endSpec()
            .build();
    assertThat(
            EvaluationTriggers.selectedBy(
                web, List.of(ownedPod("web-abc-a", "abc", "ReplicaSet", "web-abc"))))
        .as("app=web alone is not enough")
        .isEmpty();
  }
}
