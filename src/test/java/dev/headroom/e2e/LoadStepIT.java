package dev.headroom.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headroom.api.v1alpha1.PerformancePolicy;
import dev.headroom.testing.cluster.Cluster;
import dev.headroom.testing.cluster.RealCluster;
import dev.headroom.testing.cluster.TestNamespace;
import dev.headroom.testing.env.Poll;
import dev.headroom.testing.prometheus.PrometheusServer;
import dev.headroom.testing.prometheus.RealPrometheus;
import dev.headroom.testing.workload.LiveWorkload;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A load step and its reversal on the real loop: the workload's p95 breaks its budget, the operator
 * sees it in Prometheus, scales the Deployment until p95 is back under budget, reports the
 * violation while it lasts, and — once the load drops — scales down only after the stabilization
 * window. A Recommend-mode twin beside it sees the same load and reports the same decision without
 * touching its Deployment.
 */
@RealCluster(workloads = true)
@RealPrometheus
class LoadStepIT {
  private static final Duration SETTLE = Duration.ofSeconds(120);
  private static final int SCALE_DOWN_WINDOW_SECONDS = 45;

  /** The policies' evaluation interval. */
  private static final int EVALUATION_SECONDS = 5;

  /** The timeline's clock against the operator's: the same machine, sampled every 0.5 s. */
  private static final int CLOCK_SLACK_SECONDS = 1;

  /**
   * Room for the 5 s backlog an overloaded pod builds (250 requests of 1 MiB over a 100 MiB base):
   * these scenarios are about latency; OOM kills have their own.
   */
  private static final String MEMORY = "512Mi";

  /** 40 req/s on 2 pods of 50 req/s each: p95 about 100 ms. */
  private static final double BASE_RPS = 40;

  /** 150 req/s: 2 pods are overloaded; p95 under 200 ms needs 5. */
  private static final double STEP_RPS = 150;

  @Test
  void aLoadStepIsMetByScalingAndADropScalesDownAfterTheWindow(
      KubernetesClient client,
      Cluster cluster,
      TestNamespace namespace,
      PrometheusServer prometheus)
      throws Exception {
    String ns = namespace.name();
    try (LoopUnderTest loop = new LoopUnderTest("load-step", client, cluster, ns, prometheus)) {
      LiveWorkload web = loop.addTarget("web", 2, MEMORY, BASE_RPS);
      LiveWorkload twin = loop.addTarget("twin", 2, MEMORY, BASE_RPS);
      loop.awaitScraped("web", SETTLE);
      loop.awaitScraped("twin", SETTLE);
      loop.apply(LoopUnderTest.policy(ns, "web", "web", "Enforce", SCALE_DOWN_WINDOW_SECONDS, ""));
      loop.apply(
          LoopUnderTest.policy(ns, "twin", "twin", "Recommend", SCALE_DOWN_WINDOW_SECONDS, ""));
      loop.startOperator();
      loop.watch("web", "web");

      loop.await(
          "the budget met at the base load",
          SETTLE,
          s -> "True".equals(s.conditions().get("BudgetsMet")) && s.replicas() == 2);
      Thread.sleep(LoopUnderTest.BASE_LOAD_SEEN.toMillis());

      loop.mark("step");
      web.offer(STEP_RPS);
      twin.offer(STEP_RPS);
      Timeline.Sample peak =
          loop.await(
              "p95 back under budget after scaling up",
              SETTLE,
              s -> s.replicas() > 2 && s.ready() == s.replicas() && s.violations().isEmpty());
      // What a user sees, for the README's "how it decides".
      System.out.println(
          new KubernetesSerialization().asYaml(loop.policy("web").orElseThrow().getStatus()));
      Timeline timeline = loop.timeline();
      Optional<Double> detect = timeline.secondsUntil("step", s -> !s.violations().isEmpty());
      Optional<Double> act = timeline.secondsUntil("step", s -> s.replicas() > 2);
      Optional<Double> recover =
          timeline.secondsUntil(
              "step",
              s -> s.replicas() > 2 && s.ready() == s.replicas() && s.violations().isEmpty());
      assertThat(detect).as("the violation shows in status").isPresent();
      assertThat(act).as("replicas rose").isPresent();
      assertThat(peak.replicas()).isBetween(4, 10);
      assertThat(loop.eventReasons("PerformancePolicy", "web"))
          .contains("BudgetViolated", "ScaleUp", "BudgetRecovered");
      assertThat(loop.eventReasons("Deployment", "web"))
          .contains("BudgetViolated", "ScaleUp", "BudgetRecovered");

      // The twin saw the same load: it recommends what the enforcing policy did, and changes
      // nothing.
      PerformancePolicy dry = loop.policy("twin").orElseThrow();
      assertThat(dry.getStatus().lastDecision().applied()).isFalse();
      assertThat(loop.deployment("twin").getSpec().getReplicas()).isEqualTo(2);
      assertThat(loop.deployment("twin").getMetadata().getManagedFields())
          .noneMatch(f -> "headroom".equals(f.getManager()));
      assertThat(loop.eventReasons("PerformancePolicy", "twin")).contains("RecommendScaleUp");
      int firstEnforced = loop.firstReplicasBy("web", "ScaleUp");
      assertThat(loop.firstReplicasBy("twin", "RecommendScaleUp"))
          .isBetween(firstEnforced - 1, firstEnforced + 1);

      int highest = peak.replicas();
      loop.mark("drop");
      web.offer(BASE_RPS);
      twin.offer(BASE_RPS);
      loop.await("scaled down after the drop", SETTLE.plusSeconds(60), s -> s.replicas() < highest);
      Optional<Double> scaledDown = timeline.secondsUntil("drop", s -> s.replicas() < highest);
      // The window runs from the last evaluation that asked for the peak (it may precede the drop:
      // the scale-up overshot), as the HPA's does.
      double firstDown = timeline.markAt("drop") + scaledDown.orElseThrow();
      double lastAskedForPeak = timeline.lastAskedFor(highest, firstDown);
      assertThat(firstDown - lastAskedForPeak)
          .as("no scale-down within the %d s stabilization window", SCALE_DOWN_WINDOW_SECONDS)
          .isGreaterThanOrEqualTo(SCALE_DOWN_WINDOW_SECONDS - CLOCK_SLACK_SECONDS);
      assertThat(timeline.since("drop")).allMatch(s -> s.violations().isEmpty());

      Map<String, Optional<Double>> figures = new LinkedHashMap<>();
      figures.put("detect", detect);
      figures.put("act", act);
      figures.put("recover", recover);
      figures.put("scale-down after drop", scaledDown);
      figures.put(
          "scale-down after the last ask for the peak", Optional.of(firstDown - lastAskedForPeak));
      Timeline.summarize("load step 40->150 req/s, then back to 40", figures);
    }
  }

  /**
   * The scale-down window lives in the policy's status: an operator stopped in the middle of it and
   * started again neither scales down early (it forgot) nor waits a whole new window (it started
   * over).
   */
  @Test
  void anOperatorRestartedMidWindowKeepsTheWindow(
      KubernetesClient client,
      Cluster cluster,
      TestNamespace namespace,
      PrometheusServer prometheus)
      throws Exception {
    String ns = namespace.name();
    int window = 60;
    try (LoopUnderTest loop =
        new LoopUnderTest("operator-restart", client, cluster, ns, prometheus)) {
      LiveWorkload web = loop.addTarget("web", 2, MEMORY, BASE_RPS);
      loop.awaitScraped("web", SETTLE);
      loop.apply(LoopUnderTest.policy(ns, "web", "web", "Enforce", window, ""));
      loop.startOperator();
      loop.watch("web", "web");
      loop.await(
          "the budget met at the base load",
          SETTLE,
          s -> "True".equals(s.conditions().get("BudgetsMet")));
      Thread.sleep(LoopUnderTest.BASE_LOAD_SEEN.toMillis());
      web.offer(STEP_RPS);
      // Settled: the engine asks for the replicas it has (an overshoot has been taken back).
      Timeline.Sample settled =
          loop.await(
              "scaled up, under budget, and asking for what it has",
              SETTLE.plusSeconds(window),
              s ->
                  s.replicas() > 2
                      && s.ready() == s.replicas()
                      && s.violations().isEmpty()
                      && s.reason() != null
                      && !s.reason().contains("Stabilized"));
      int highest = settled.replicas();

      loop.mark("drop");
      web.offer(BASE_RPS);
      Poll.until(
          SETTLE,
          "a scale-down held by the window",
          () ->
              loop.policy("web")
                  .map(p -> p.getStatus().lastDecision().reason())
                  .filter(r -> r.contains("ScaleDownStabilized"))
                  .isPresent());
      Timeline timeline = loop.timeline();
      double lastAskedForPeak = timeline.lastAskedFor(highest, loop.now());
      Thread.sleep(Math.max(0, Math.round((lastAskedForPeak + 20 - loop.now()) * 1000)));
      loop.mark("restart");
      loop.stopOperator();
      Thread.sleep(5_000);
      loop.startOperator();
      loop.await("scaled down", SETTLE, s -> s.replicas() < highest);

      double firstDown =
          timeline.markAt("drop")
              + timeline.secondsUntil("drop", s -> s.replicas() < highest).orElseThrow();
      double afterAsked = firstDown - lastAskedForPeak;
      double afterRestart = firstDown - timeline.markAt("restart");
      assertThat(afterAsked)
          .as("the window was not forgotten")
          .isGreaterThanOrEqualTo(window - CLOCK_SLACK_SECONDS);
      assertThat(afterRestart)
          .as("the window did not start over at the restart")
          .isLessThan(window - EVALUATION_SECONDS);
      assertThat(
              loop.events("PerformancePolicy", "web").stream()
                  .filter(e -> "ScaleDown".equals(e.getReason()))
                  .filter(e -> e.getMessage().startsWith(highest + " replicas ->")))
          .as("one scale-down from %d, not one per operator", highest)
          .hasSize(1);

      Map<String, Optional<Double>> figures = new LinkedHashMap<>();
      figures.put(
          "restart after the last ask", Optional.of(timeline.markAt("restart") - lastAskedForPeak));
      figures.put("scale-down after the last ask", Optional.of(afterAsked));
      figures.put("scale-down after restart", Optional.of(afterRestart));
      Timeline.summarize("operator restarted 20 s into a 60 s scale-down window", figures);
    }
  }
}
