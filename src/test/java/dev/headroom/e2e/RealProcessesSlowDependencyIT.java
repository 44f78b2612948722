package dev.headroom.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headroom.api.v1alpha1.PerformancePolicy;
import dev.headroom.api.v1alpha1.PolicyCondition;
import dev.headroom.sim.load.ConstantLoad;
import dev.headroom.testing.env.Poll;
import dev.headroom.testing.service.SlowDependency;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A slow dependency, on real processes: the sample service calls a real HTTP dependency (in the
 * test's JVM) on every request, at 10 req/s over two pods that use an eighth of their CPU. When the
 * dependency's answers go from 10 ms to 400 ms, p95 breaks the 200 ms budget with the pods idle.
 * Headroom reports the violation and that replicas do not fix it ({@code ScalingEffective} False,
 * reason {@code ScalingIneffective}), and does not chase replicas towards its maximum of 10; when
 * the dependency recovers, so do the budget and the condition. The timeline is printed and written
 * to {@code target/e2e/real-processes-slow-dependency.txt}.
 */
class RealProcessesSlowDependencyIT {
  private static final int MAX_REPLICAS = 10;
  private static final Duration EPISODE = Duration.ofSeconds(180);

  @Test
  void aSlowDependencyIsReportedAndReplicasAreNotChased() throws Exception {
    List<String> timeline = new ArrayList<>();
    CpuMeter machine = CpuMeter.start();
    int[] peak = {0};
    try (SlowDependency dependency = SlowDependency.start(10);
        ProcessBackedLoop loop = ProcessBackedLoop.start("real-slowdep")) {
      try {
        loop.deploy(
            loop.sampleService(
                "shop",
                "200m",
                "256Mi",
                Map.of(
                    "CPU_MILLIS", "5",
                    "THREADS", "64",
                    "DEPENDENCY_URL", dependency.uri().toString())));
        loop.load("shop", new ConstantLoad(10));
        long started = System.nanoTime();
        loop.awaitDiscovered();
        // The scenario is the dependency, not the JVMs' warm-up: its slow first seconds stay in
        // the 30 s window for a while.
        Poll.until(Duration.ofSeconds(90), "p95 under 100 ms", () -> loop.p95() < 0.1);
        loop.startOperator(
            LoopUnderTest.policy(loop.namespace, "shop", "shop", "Enforce", 300, ""));
        Poll.until(
            Duration.ofSeconds(90),
            "the budget met for a while with the dependency fast",
            () -> {
              row(timeline, loop, started, peak, "fast");
              return status(loop, "BudgetsMet").equals("True")
                  && System.nanoTime() - started > 60_000_000_000L;
            });

        dependency.setDelayMillis(400);
        // Long enough for a scale-up to be judged: its pods Ready, settleTime (90 s) after it and
        // the latency window past the change.
        long episodeEnds = System.nanoTime() + EPISODE.toNanos();
        List<String> lastMinute = new ArrayList<>();
        Poll.until(
            EPISODE.plusSeconds(30),
            "the end of the slow episode",
            () -> {
              row(timeline, loop, started, peak, "slow");
              if (episodeEnds - System.nanoTime() < 60_000_000_000L) {
                lastMinute.add(status(loop, "ScalingEffective"));
              }
              return System.nanoTime() > episodeEnds;
            });
        assertThat(lastMinute)
            .as("ScalingEffective over the episode's last minute")
            .isNotEmpty()
            .containsOnly("False");
        PolicyCondition ineffective = condition(loop, "ScalingEffective").orElseThrow();
        assertThat(ineffective.reason()).isEqualTo("ScalingIneffective");
        assertThat(ineffective.message()).contains("latency/p95");
        assertThat(status(loop, "BudgetsMet"))
            .as("the violation is still reported")
            .isEqualTo("False");

        dependency.setDelayMillis(10);
        Poll.until(
            Duration.ofSeconds(180),
            "the budget met and ScalingEffective True again",
            () -> {
              row(timeline, loop, started, peak, "fast");
              return status(loop, "BudgetsMet").equals("True")
                  && status(loop, "ScalingEffective").equals("True");
            });
        // A service meeting its budget again is not scaled up for what the dependency did.
        int recovered = loop.deployment("shop").getSpec().getReplicas();
        for (int i = 0; i < 6; i++) {
          row(timeline, loop, started, peak, "fast");
          assertThat(loop.deployment("shop").getSpec().getReplicas())
              .as("replicas after the recovery")
              .isLessThanOrEqualTo(recovered);
          Thread.sleep(5_000);
        }
        assertThat(peak[0])
            .as("the most replicas at any time, of at most %d", MAX_REPLICAS)
            .isLessThanOrEqualTo(MAX_REPLICAS / 2);
        assertThat(loop.eventReasons()).contains("BudgetViolated", "ScalingIneffective");
      } finally {
        ProcessBackedLoop.report(
            "real-processes-slow-dependency.txt",
            timeline,
            "peak replicas: " + peak[0],
            "machine: " + machine.report());
      }
    }
  }

  private static Optional<PolicyCondition> condition(ProcessBackedLoop loop, String type) {
    PerformancePolicy policy =
        loop.client
            .resources(PerformancePolicy.class)
            .inNamespace(loop.namespace)
            .withName("shop")
            .get();
    if (policy == null || policy.getStatus() == null || policy.getStatus().conditions() == null) {
      return Optional.empty();
    }
    return policy.getStatus().conditions().stream().filter(c -> c.type().equals(type)).findFirst();
  }

  private static String lastReason(ProcessBackedLoop loop) {
    PerformancePolicy policy =
        loop.client
            .resources(PerformancePolicy.class)
            .inNamespace(loop.namespace)
            .withName("shop")
            .get();
    return policy == null || policy.getStatus() == null || policy.getStatus().lastDecision() == null
        ? ""
        : policy.getStatus().lastDecision().reason();
  }

  private static String status(ProcessBackedLoop loop, String type) {
    return condition(loop, type).map(PolicyCondition::status).orElse("Unknown");
  }

  private static void row(
      List<String> timeline, ProcessBackedLoop loop, long started, int[] peak, String dependency) {
    Deployment shop = loop.deployment("shop");
    peak[0] = Math.max(peak[0], shop.getSpec().getReplicas());
    double seconds = (System.nanoTime() - started) / 1e9;
    if (timeline.size() > seconds / 5) {
      return;
    }
    timeline.add(
        "%6.1f s  dependency %s  replicas %d/%d  p95 %7.1f ms  BudgetsMet %s  ScalingEffective %s  %s"
            .formatted(
                seconds,
                dependency,
                Optional.ofNullable(shop.getStatus().getReadyReplicas()).orElse(0),
                shop.getSpec().getReplicas(),
                loop.p95() * 1000,
                status(loop, "BudgetsMet"),
                status(loop, "ScalingEffective"),
                lastReason(loop)));
  }
}
