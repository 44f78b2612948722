package dev.headroom.testing.nodes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The kubelet-like statuses the fake nodes write, and the memory model's verdicts. */
class PodStatusesTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Map<String, Quantity> NODE =
      Map.of("cpu", new Quantity("8"), "memory", new Quantity("32Gi"));

  @Test
  void aStartedPodIsRunningAndReadyWithItsIp() {
    Pod pod = pod("128Mi", null);
    PodRun run = PodStatuses.start(pod, PodRun.seen(T0), T0.plusSeconds(1), "127.20.0.1");

    var status = PodStatuses.status(pod, run, Set.of(), "127.0.10.1", NODE);

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

    var status = PodStatuses.status(pod, restarted, Set.of("app"), "127.0.10.1", NODE);

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
  void aResizeTheNodeCanHoldIsAppliedAndReported() {
    Pod pod = runningWithCpuRequest("1", "2");

    assertThat(PodStatuses.resizePending(pod, NODE)).isTrue();
    var status = PodStatuses.status(pod, startedRun(pod), Set.of(), "127.0.10.1", NODE);

    var app = status.getContainerStatuses().get(0);
    assertThat(app.getResources().getRequests().get("cpu")).isEqualTo(new Quantity("2"));
    assertThat(app.getAllocatedResources().get("cpu")).isEqualTo(new Quantity("2"));
    assertThat(status.getConditions()).noneMatch(c -> c.getType().equals("PodResizePending"));
  }

  @Test
  void aResizeBeyondTheNodeIsInfeasibleAndKeepsTheOldResources() {
    Pod pod = runningWithCpuRequest("1", "12");

    var status = PodStatuses.status(pod, startedRun(pod), Set.of(), "127.0.10.1", NODE);

    var app = status.getContainerStatuses().get(0);
    assertThat(app.getResources().getRequests().get("cpu")).isEqualTo(new Quantity("1"));
    assertThat(app.getAllocatedResources().get("cpu")).isEqualTo(new Quantity("1"));
    assertThat(status.getConditions())
        .filteredOn(c -> c.getType().equals("PodResizePending"))
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.getStatus()).isEqualTo("True");
              assertThat(c.getReason()).isEqualTo("Infeasible");
              assertThat(c.getMessage())
                  .isEqualTo(
                      "Node didn't have enough capacity: cpu, requested: 12000, capacity: 8000");
            });
    pod.setStatus(status);
    assertThat(PodStatuses.resizePending(pod, NODE))
        .as("once reported, the same infeasible resize is no longer work to do")
        .isFalse();
    pod.getSpec().getContainers().get(0).getResources().getRequests().put("cpu", new Quantity("3"));
    assertThat(PodStatuses.resizePending(pod, NODE)).as("a resize that fits is").isTrue();
  }

  /**
   * A running pod whose kubelet applied {@code was} CPU and whose spec now asks for {@code now}.
   */
  private static Pod runningWithCpuRequest(String was, String now) {
    Pod pod = pod(null, null);
    pod.getSpec().getContainers().get(0).getResources().getRequests().put("cpu", new Quantity(was));
    pod.setStatus(PodStatuses.status(pod, startedRun(pod), Set.of(), "127.0.10.1", NODE));
    pod.getSpec().getContainers().get(0).getResources().getRequests().put("cpu", new Quantity(now));
    return pod;
  }

  private static PodRun startedRun(Pod pod) {
    return PodStatuses.start(pod, PodRun.seen(T0), T0.plusSeconds(1), "127.20.0.1");
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
