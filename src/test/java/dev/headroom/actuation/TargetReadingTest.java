package dev.headroom.actuation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headroom.engine.ContainerResources;
import org.junit.jupiter.api.Test;

class TargetReadingTest {
  @Test
  void replicasComeFromSpecAndStatusWithTheApiserversDefaults() {
    assertThat(TargetReading.replicas(Models.twoContainers("{}")))
        .isEqualTo(new ReplicaCounts(4, 3));
    var bare =
        Models.deployment(
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web, namespace: ns}
            spec: {}
            """);
    assertThat(TargetReading.replicas(bare)).isEqualTo(new ReplicaCounts(1, 0));
  }

  @Test
  void templateResourcesPerContainerInExplicitUnits() {
    assertThat(TargetReading.templateResources(Models.twoContainers("{}")))
        .containsExactly(
            java.util.Map.entry("app", new ContainerResources(250, 1000, 128L << 20, 256L << 20)),
            java.util.Map.entry("sidecar", new ContainerResources(50, 0, 100_000_001, 0)));
  }

  @Test
  void aLimitWithoutARequestIsTheRequestAndFractionsRoundUp() {
    var pod =
        Models.pod(
            """
            apiVersion: v1
            kind: Pod
            metadata: {name: p, namespace: ns}
            spec:
              containers:
                - name: app
                  image: x
                  resources:
                    limits: {cpu: "0.5", memory: 1G}
                - name: bare
                  image: y
                - name: tiny
                  image: z
                  resources:
                    requests: {cpu: 100u, memory: "1.5"}
            """);
    assertThat(TargetReading.podResources(pod))
        .containsEntry("app", new ContainerResources(500, 500, 1_000_000_000, 1_000_000_000))
        .containsEntry("bare", new ContainerResources(0, 0, 0, 0))
        .containsEntry("tiny", new ContainerResources(1, 0, 2, 0));
  }
}
