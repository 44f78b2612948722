package dev.headroom.testing.nodes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The kubelet-like statuses the fake nodes write, and the memory model's verdicts. */
class PodStatusesTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void aStartedPodIsRunningAndReadyWithItsIp() {
    Pod pod = pod("128Mi", null);
    PodRun run = PodStatuses.start(pod, PodRun.seen(T0), T0.plusSeconds(1), "127.20.0.1");

    var status = PodStatuses.status(pod, run, Set.of(), "127.0.10.1");

    assertThat(status.getPhase()).isEqualTo("Running");
    assertThat(status.getPodIP()).isEqualTo("127.20.0.1");
    assertThat(status.getConditions())
        .filteredOn(c -> c.getType().equals("Ready"))
        .singleElement()
        .satisfies(c -> assertThat(c.getStatus()).isEqualTo("True"));
    var app = status.getContainerStatuses().get(0);
    assertThat(app.getReady()).isTrue();
    assertThat(app.getRestartCount()).isZero();
    assertThat(app.getLastState()).isNull();
  }

  @Test
  void anOomKilledContainerRestartsWithTheKillInItsLastState() {
    Pod pod = pod("32Mi", "64Mi");
    PodRun started = PodStatuses.start(pod, PodRun.seen(T0), T0.plusSeconds(1), "127.20.0.1");
    PodRun restarted = PodStatuses.restart(started, Set.of("app"), T0.plusSeconds(3));

    var status = PodStatuses.status(pod, restarted, Set.of("app"), "127.0.10.1");

    var app = status.getContainerStatuses().get(0);
    assertThat(app.getRestartCount()).isEqualTo(1);
    assertThat(app.getReady()).isFalse();
    assertThat(app.getLastState().getTerminated().getReason()).isEqualTo("OOMKilled");
    assertThat(app.getLastState().getTerminated().getExitCode()).isEqualTo(137);
    assertThat(app.getLastState().getTerminated().getFinishedAt())
        .isEqualTo(app.getState().getRunning().getStartedAt());
    assertThat(status.getConditions())
        .filteredOn(c -> c.getType().equals("Ready"))
        .singleElement()
        .satisfies(c -> assertThat(c.getReason()).isEqualTo("ContainersNotReady"));
  }

  @Test
  void theAnnotationModelKillsOnlyAboveTheLimit() {
    WorkloadMemoryModel model = WorkloadMemoryModel.fromAnnotations();
    assertThat(model.oomKilled(pod("32Mi", "64Mi"), app(pod("32Mi", "64Mi")))).isTrue();
    assertThat(model.oomKilled(pod("64Mi", "64Mi"), app(pod("64Mi", "64Mi")))).isFalse();
    assertThat(model.oomKilled(pod("1Gi", "300M"), app(pod("1Gi", "300M")))).isFalse();
    assertThat(model.oomKilled(pod("32Mi", null), app(pod("32Mi", null)))).isFalse();
    Pod noLimit = pod(null, "64Mi");
    assertThat(model.oomKilled(noLimit, app(noLimit))).isFalse();
  }

  private static Container app(Pod pod) {
    return pod.getSpec().getContainers().get(0);
  }

  private static Pod pod(String limit, String usage) {
    var builder =
        new PodBuilder()
            .withNewMetadata()
            .withName("p")
            .withNamespace("ns")
            .withUid("uid-1")
            .endMetadata()
            .withNewSpec()
            .addNewContainer()
            .withName("app")
            .withImage("pause")
            .withNewResources()
            .endResources()
            .endContainer()
            .endSpec();
    Pod pod = builder.build();
    if (limit != null) {
      pod.getSpec()
          .getContainers()
          .get(0)
          .getResources()
          .getLimits()
          .put("memory", new Quantity(limit));
    }
    if (usage != null) {
      pod.getMetadata().getAnnotations().put(WorkloadMemoryModel.USAGE_ANNOTATION, usage);
    }
    return pod;
  }
}
