package dev.headroom.actuation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headroom.engine.ContainerResources;
import dev.headroom.testing.cluster.Cluster;
import dev.headroom.testing.cluster.RealCluster;
import dev.headroom.testing.cluster.TestNamespace;
import dev.headroom.testing.env.Poll;
import dev.headroom.testing.fixtures.TestObjects;
import dev.headroom.testing.nodes.WorkloadMemoryModel;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Reading a target whose container the fake-node agent OOM-kills over and over: replicas, the
 * template's resources and every kill once, with the times the "kubelet" reported.
 */
@RealCluster(workloads = true)
class TargetReadingIT {
  @Test
  void anOomKilledContainersKillsAreReadOnceEachWithTheirTimes(
      Cluster cluster, KubernetesClient client, TestNamespace namespace) {
    // The OOM kills come from the fake-node agent.
    cluster.requireFakeNodes();
    String ns = namespace.name();
    // Whole seconds: the status's RFC 3339 times have no fraction.
    Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    client
        .resource(
            TestObjects.deployment(
                ns, "hog", 1, "32Mi", Map.of(WorkloadMemoryModel.USAGE_ANNOTATION, "64Mi")))
        .create();

    // Read the pod over and over, as evaluations would, until its container was killed thrice.
    Set<OomKill> ledger = new HashSet<>();
    Set<Integer> restartCounts = new HashSet<>();
    Pod pod =
        Poll.value(
            Duration.ofMinutes(3),
            "the hog pod to be OOM-killed three times",
            () -> {
              List<Pod> pods =
                  client.pods().inNamespace(ns).withLabel("app", "hog").list().getItems();
              ledger.addAll(OomKills.seen(pods));
              return pods.stream()
                  .filter(p -> restarts(p) > 0)
                  .peek(p -> restartCounts.add(restarts(p)))
                  .filter(p -> restarts(p) >= 3)
                  .findFirst();
            });
    Instant now = Instant.now();

    // Each kill once: as many as the distinct restart counts seen, however often each was read.
    assertThat(ledger).hasSize(restartCounts.size());
    Map<String, List<Instant>> kills = OomKills.byContainer(ledger, start, now);
    assertThat(kills).containsOnlyKeys("app");
    assertThat(kills.get("app")).hasSize(restartCounts.size()).isSorted().doesNotHaveDuplicates();
    assertThat(kills.get("app")).allSatisfy(t -> assertThat(t).isBetween(start, now));
    Instant lastKill =
        Instant.parse(
            pod.getStatus()
                .getContainerStatuses()
                .get(0)
                .getLastState()
                .getTerminated()
                .getFinishedAt());
    assertThat(kills.get("app")).last().isEqualTo(lastKill);
    assertThat(OomKills.recent(List.of(pod), start, now))
        .isEqualTo(Map.of("app", List.of(lastKill)));
    assertThat(OomKills.recent(List.of(pod), lastKill.plusSeconds(1), now)).isEmpty();

    Deployment hog = client.apps().deployments().inNamespace(ns).withName("hog").get();
    assertThat(TargetReading.replicas(hog)).isEqualTo(new ReplicaCounts(1, 0));
    ContainerResources declared = new ContainerResources(10, 0, 16L << 20, 32L << 20);
    assertThat(TargetReading.templateResources(hog)).isEqualTo(Map.of("app", declared));
    assertThat(TargetReading.podResources(pod)).isEqualTo(Map.of("app", declared));
  }

  private static int restarts(Pod p) {
    return Optional.ofNullable(p.getStatus().getContainerStatuses())
        .filter(s -> !s.isEmpty())
        .map(s -> s.get(0).getRestartCount())
        .orElse(0);
  }
}
