package dev.headroom.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headroom.sim.Resources;
import dev.headroom.sim.load.StepLoad;
import dev.headroom.testing.env.Poll;
import dev.headroom.testing.load.OpenLoopLoad;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The closed loop on real processes: the sample service's pods run in cgroups on a process-backed
 * node (CPU limit 200m, 10 ms of CPU per request: 20 req/s per pod at most), Prometheus finds them
 * and the kubelet's cAdvisor series through {@code kubernetes_sd_configs}, and the open-loop
 * generator sends 10 req/s, then 50 req/s through their Service. The kernel throttles the two pods,
 * their own histogram's p95 breaks the 200 ms budget, Headroom scales the Deployment, and p95 —
 * measured by the service — comes back under budget. The timeline ({@link ServiceRow}), the
 * simulator's service model checked against it ({@link ModelCheck}) and how busy the machine was
 * are printed and written to {@code target/e2e/real-processes-load-step.txt}.
 */
class RealProcessesLoadStepIT {
  private static final int STEP_AT_SECONDS = 90;
  private static final Duration RECOVERED = Duration.ofSeconds(240);
  private static final Resources POD = new Resources(200, 200, 256L << 20, 256L << 20);

  @Test
  void aLoadStepOnRealProcessesIsMetByScaling() throws Exception {
    List<ServiceRow> rows = new ArrayList<>();
    List<String> closing = new ArrayList<>();
    CpuMeter machine = CpuMeter.start();
    try (ProcessBackedLoop loop = ProcessBackedLoop.start("real-step")) {
      try {
        loop.deploy(
            loop.sampleService(
                "web", "200m", "256Mi", Map.of("CPU_MILLIS", "10", "THREADS", "16")));
        OpenLoopLoad load = loop.load("web", new StepLoad(10, 50, STEP_AT_SECONDS));
        long started = System.nanoTime();
        loop.awaitDiscovered();
        loop.startOperator(LoopUnderTest.policy(loop.namespace, "web", "web", "Enforce", 300, ""));

        long stepNanos = started + STEP_AT_SECONDS * 1_000_000_000L;
        Poll.until(
            Duration.ofSeconds(STEP_AT_SECONDS + 30),
            "the step",
            () -> {
              sample(rows, loop, started);
              return System.nanoTime() > stepNanos;
            });
        int[] peak = {2};
        Poll.until(
            RECOVERED,
            "more replicas, all Ready, and p95 of the service's own histogram under 200 ms",
            () -> {
              sample(rows, loop, started);
              Deployment web = loop.deployment("web");
              int replicas = web.getSpec().getReplicas();
              peak[0] = Math.max(peak[0], replicas);
              return replicas > 2
                  && Optional.ofNullable(web.getStatus().getReadyReplicas()).orElse(0) == replicas
                  && System.nanoTime() > stepNanos + 30_000_000_000L
                  && loop.p95() < 0.2;
            });
        assertThat(peak[0]).as("replicas at the peak").isGreaterThan(2);
        assertThat(load.errors())
            .as("requests the generator saw fail")
            .isLessThan(load.sent() / 10);
        assertThat(loop.eventReasons()).contains("BudgetViolated", "ScaleUp");
        closing.addAll(ModelCheck.reportOrWhy(rows, POD, "load step"));
      } finally {
        closing.add("machine: " + machine.report());
        ProcessBackedLoop.report(
            "real-processes-load-step.txt",
            rows.stream().map(ServiceRow::format).toList(),
            closing.toArray(String[]::new));
      }
    }
  }

  /** A row every 5 s of the run. */
  private static void sample(List<ServiceRow> rows, ProcessBackedLoop loop, long started) {
    double seconds = (System.nanoTime() - started) / 1e9;
    if (rows.size() <= seconds / 5) {
      rows.add(ServiceRow.sample(loop, "web", seconds));
    }
  }
}
