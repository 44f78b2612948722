package dev.headroom.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TargetRefTest {
  @Test
  void anUnsetApiVersionAndKindMeanADeploymentOfAppsV1() {
    TargetRef bare = new TargetRef(null, null, "web");
    assertThat(bare.effectiveApiVersion()).isEqualTo("apps/v1");
    assertThat(bare.effectiveKind()).isEqualTo("Deployment");
    assertThat(bare.group()).isEqualTo("apps");
    assertThat(bare.namesDeployment()).isTrue();
  }

  @Test
  void theGroupComesFromTheApiVersionAndOnlyAnAppsDeploymentIsADeployment() {
    assertThat(new TargetRef("argoproj.io/v1alpha1", "Rollout", "web").group())
        .isEqualTo("argoproj.io");
    assertThat(new TargetRef("v1", "ReplicationController", "web").group()).isEmpty();
    assertThat(new TargetRef("apps/v1", "StatefulSet", "db").namesDeployment()).isFalse();
    assertThat(new TargetRef("example.com/v1", "Deployment", "web").namesDeployment())
        .as("a custom kind that happens to be called Deployment")
        .isFalse();
  }

  @Test
  void theHelpersAreNotSerialisedAsFields() {
    String json =
        new io.fabric8.kubernetes.client.utils.KubernetesSerialization()
            .asJson(new TargetRef("apps/v1", "StatefulSet", "db"));
    assertThat(json)
        .isEqualTo("{\"apiVersion\":\"apps/v1\",\"kind\":\"StatefulSet\",\"name\":\"db\"}");
  }
}
