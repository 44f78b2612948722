package dev.headroom.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headroom.sim.load.StepLoad;
import dev.headroom.testing.env.Poll;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Memory growth on real processes: each request the sample service holds keeps 14 MiB of native
 * memory for the second it waits on its "dependency", in pods limited to 100 MiB. At 2 req/s the
 * two pods hold one request each; at 8 req/s four each, and the kernel kills them (the JVM itself
 * takes 55-67 MiB: 4 × 14 + 67 = 123 MiB). The VPA's rule raises the limit to 200 MiB, enough for
 * one pod alone with all eight (179 MiB) while a rollout replaces the other. The node agent reports
 * {@code OOMKilled} as the kubelet does, Headroom raises the memory limit by the VPA's rule (a
 * rollout: new pods, new cgroups), and the pods then run at that load without another kill for a
 * minute. The timeline (replicas, the template's limit, restarts, the largest working set) is
 * printed and written to {@code target/e2e/real-processes-oom.txt}.
 */
class RealProcessesOomIT {
  private static final long FIRST_LIMIT_BYTES = 100L << 20;
  private static final Duration QUIET = Duration.ofSeconds(60);

  @Test
  void realOomKillsRaiseTheMemoryLimitUntilTheyStop() throws Exception {
    List<String> timeline = new ArrayList<>();
    CpuMeter machine = CpuMeter.start();
    Set<String> killedContainers = new HashSet<>();
    try (ProcessBackedLoop loop = ProcessBackedLoop.start("real-oom")) {
      try {
        loop.deploy(
            loop.sampleService(
                "hungry",
                "200m",
                "100Mi",
                Map.of(
                    "CPU_MILLIS", "2",
                    "DEPENDENCY_MILLIS", "1000",
                    "MEMORY_PER_REQUEST_BYTES", Long.toString(14L << 20),
                    "THREADS", "32")));
        loop.load("hungry", new StepLoad(2, 8, 45));
        long started = System.nanoTime();
        loop.awaitDiscovered();
        loop.startOperator(policy(loop.namespace));

        Poll.until(
            Duration.ofSeconds(240),
            "a real OOM kill, then the template's memory limit raised",
            () -> {
              row(timeline, loop, started, killedContainers);
              return !killedContainers.isEmpty() && templateLimit(loop) > FIRST_LIMIT_BYTES;
            });
        long[] limit = {templateLimit(loop)};
        long[] since = {System.nanoTime()};
        Poll.until(
            Duration.ofSeconds(360),
            "every pod Ready at the template's limit, and neither a kill nor a new limit for "
                + QUIET.toSeconds()
                + " s",
            () -> {
              row(timeline, loop, started, killedContainers);
              long now = templateLimit(loop);
              List<Pod> pods = pods(loop);
              boolean settled =
                  now == limit[0]
                      && pods.size() == loop.deployment("hungry").getSpec().getReplicas()
                      && pods.stream().allMatch(p -> podLimit(p) == now && readyNeverRestarted(p));
              if (!settled) {
                limit[0] = now;
                since[0] = System.nanoTime();
              }
              return settled && System.nanoTime() - since[0] > QUIET.toNanos();
            });

        assertThat(killedContainers).as("containers the kernel OOM-killed").isNotEmpty();
        assertThat(limit[0])
            .as("the memory limit Headroom settled on, bytes")
            .isGreaterThan(FIRST_LIMIT_BYTES)
            .isLessThanOrEqualTo(512L << 20);
        // About what killed them (4 × 14 MiB held, and the JVM): the pods use the room they got;
        // before the step they used about 60 MiB.
        assertThat(largestWorkingSet(loop))
            .as("the largest working set of the pods that no longer die, bytes")
            .isGreaterThan(0.9 * FIRST_LIMIT_BYTES);
        assertThat(loop.eventReasons()).contains("Resize");
      } finally {
        ProcessBackedLoop.report(
            "real-processes-oom.txt",
            timeline,
            "OOM-killed containers: " + killedContainers.size(),
            "machine: " + machine.report());
      }
    }
  }

  private static String policy(String ns) {
    return """
        apiVersion: headroom.dev/v1alpha1
        kind: PerformancePolicy
        metadata: {name: hungry, namespace: %s}
        spec:
          targetRef: {name: hungry}
          evaluationInterval: 5s
          budgets:
            latency:
              - name: p95
                percentile: 0.95
                target: 3s
                critical: 10s
                window: 30s
                metric: {preset: Micrometer}
          scaling:
            minReplicas: 2
            maxReplicas: 4
          resources:
            mode: RequestsAndLimits
            updateMethod: Rollout
            containers:
              - name: app
                minAllowed: {cpu: 200m, memory: 100Mi}
                maxAllowed: {cpu: 200m, memory: 512Mi}
        """
        .formatted(ns);
  }

  /** One row every 5 s; each container's OOM kill is remembered once (pod uid and restarts). */
  private static void row(
      List<String> timeline, ProcessBackedLoop loop, long started, Set<String> killed) {
    int restarts = 0;
    for (Pod pod : pods(loop)) {
      for (ContainerStatus status : pod.getStatus().getContainerStatuses()) {
        restarts += status.getRestartCount();
        if (status.getLastState() != null
            && status.getLastState().getTerminated() != null
            && "OOMKilled".equals(status.getLastState().getTerminated().getReason())) {
          killed.add(pod.getMetadata().getUid() + "/" + status.getRestartCount());
        }
      }
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    if (timeline.size() > seconds / 5) {
      return;
    }
    Deployment hungry = loop.deployment("hungry");
    timeline.add(
        ("%6.1f s  replicas %d/%d  memory limit %4d MiB  restarts now %d  OOM kills seen %d"
                + "  largest working set %5.1f MiB")
            .formatted(
                seconds,
                Optional.ofNullable(hungry.getStatus().getReadyReplicas()).orElse(0),
                hungry.getSpec().getReplicas(),
                templateLimit(loop) >> 20,
                restarts,
                killed.size(),
                largestWorkingSet(loop) / (1 << 20)));
  }

  private static double largestWorkingSet(ProcessBackedLoop loop) {
    return loop.query(
            "max(container_memory_working_set_bytes{namespace=\""
                + loop.namespace
                + "\",container=\"app\"})")
        .orElse(Double.NaN);
  }

  private static List<Pod> pods(ProcessBackedLoop loop) {
    return loop
        .client
        .pods()
        .inNamespace(loop.namespace)
        .withLabel("app", "hungry")
        .list()
        .getItems()
        .stream()
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
        .filter(p -> p.getStatus() != null && p.getStatus().getContainerStatuses() != null)
        .toList();
  }

  private static long templateLimit(ProcessBackedLoop loop) {
    return bytes(
        loop.deployment("hungry")
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .get(0)
            .getResources()
            .getLimits());
  }

  private static long podLimit(Pod pod) {
    return bytes(pod.getSpec().getContainers().get(0).getResources().getLimits());
  }

  private static long bytes(Map<String, Quantity> limits) {
    return limits == null || !limits.containsKey("memory")
        ? 0
        : Quantity.getAmountInBytes(limits.get("memory")).longValue();
  }

  private static boolean readyNeverRestarted(Pod pod) {
    return pod.getStatus().getContainerStatuses().stream()
        .allMatch(s -> Boolean.TRUE.equals(s.getReady()) && s.getRestartCount() == 0);
  }
}
