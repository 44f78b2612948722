package dev.headroom.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headroom.sim.ControllerRun;
import dev.headroom.sim.controllers.Contenders;
import dev.headroom.sim.run.SimulationRunner;
import dev.headroom.sim.scenario.Scenario;
import dev.headroom.sim.scenario.ScenarioLoader;
import dev.headroom.sim.scenario.ScenarioLocation;
import dev.headroom.testing.cluster.LocalControlPlane;
import dev.headroom.testing.fixtures.TestObjects;
import dev.headroom.testing.prometheus.PrometheusServer;
import dev.headroom.testing.prometheus.RealPrometheus;
import dev.headroom.testing.workload.LiveWorkload;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The same load step on two identical Deployments, one scaled by the real HorizontalPodAutoscaler
 * (kube-controller-manager 1.36, CPU from metrics-server v0.8.0) and one by Headroom (p95 from
 * Prometheus), with the simulator run on the same scenario beside them: its HPA re-implementation
 * against the real one, its Headroom against the operator. The figures go to {@code
 * target/e2e/hpa-beside-headroom.md} (and into docs/benchmarks.md by hand).
 *
 * <p>Both autoscalers get what a user gets by default: an {@code autoscaling/v2} HPA with a 70 %
 * CPU target and no {@code behavior} (the simulator's HPA baseline), and a policy with a p95 budget
 * of 200 ms and a 300 s scale-down window (the HPA's default one). The run ends before either
 * window would let a scale-down happen.
 */
@RealPrometheus
class HpaBesideHeadroomIT {
  private static final int BASE_SECONDS = 90;
  private static final int STEP_SECONDS = 300;
  private static final double BASE_RPS = 40;
  private static final double STEP_RPS = 150;
  private static final int CPU_TARGET_PERCENT = 70;
  private static final double P95_BUDGET_SECONDS = 0.2;
  private static final String MEMORY = "512Mi";

  /** One second of a Deployment's spec and Ready replicas. */
  private record Replicas(Instant at, int hpaSpec, int headroomSpec) {}

  /** What one autoscaler did over the run, live or simulated. */
  record Figures(
      String who,
      int[] specReplicas,
      double[] p95Seconds,
      double podSeconds,
      int violationSeconds,
      int firstScaleUpAfterStep,
      int peak,
      int atEnd) {
    String row() {
      return "| %s | %s | %d | %d | %d | %,.0f |"
          .formatted(
              who,
              firstScaleUpAfterStep < 0 ? "none" : firstScaleUpAfterStep + " s",
              peak,
              atEnd,
              violationSeconds,
              podSeconds);
    }
  }

  @Test
  void theRealHpaAndHeadroomTakeTheSameStepAndTheSimulatorPredictsBoth(PrometheusServer prometheus)
      throws Exception {
    LocalControlPlane plane = LocalControlPlane.currentOrSkip();
    plane.enableResourceMetrics();
    KubernetesClient client = plane.client();
    String ns = plane.createNamespace("side-by-side");
    List<Replicas> replicas = new CopyOnWriteArrayList<>();
    ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
    Instant start;
    LiveWorkload hpaWeb;
    LiveWorkload headroomWeb;
    try (LoopUnderTest loop =
        new LoopUnderTest("hpa-beside-headroom", client, plane, ns, prometheus)) {
      hpaWeb = loop.addTarget("hpa-web", 2, MEMORY, BASE_RPS);
      headroomWeb = loop.addTarget("headroom-web", 2, MEMORY, BASE_RPS);
      loop.awaitScraped("headroom-web", Duration.ofSeconds(120));
      client
          .resource(TestObjects.hpaV2(ns, "hpa-web", "hpa-web", 2, 10, CPU_TARGET_PERCENT))
          .create();
      loop.apply(policyYaml(ns));
      loop.startOperator();
      start = Instant.now();
      sampler.scheduleAtFixedRate(
          () ->
              replicas.add(
                  new Replicas(
                      Instant.now(),
                      specReplicas(loop.deployment("hpa-web")),
                      specReplicas(loop.deployment("headroom-web")))),
          0,
          1,
          TimeUnit.SECONDS);
      Thread.sleep(BASE_SECONDS * 1000L);
      hpaWeb.offer(STEP_RPS);
      headroomWeb.offer(STEP_RPS);
      Thread.sleep(STEP_SECONDS * 1000L);
    } finally {
      sampler.shutdownNow();
      // Its HPA and pods would otherwise outlive the test on the shared control plane.
      client.namespaces().withName(ns).delete();
    }

    int seconds = BASE_SECONDS + STEP_SECONDS;
    Figures realHpa =
        live("real HPA (kube-controller-manager 1.36)", start, seconds, replicas, true, hpaWeb);
    Figures realHeadroom = live("Headroom operator", start, seconds, replicas, false, headroomWeb);
    Scenario scenario = scenario(ns, seconds);
    Figures simHpa =
        simulated("simulated HPA", SimulationRunner.runOne(scenario, Contenders.hpa()));
    Figures simHeadroom =
        simulated("simulated Headroom", SimulationRunner.runOne(scenario, Contenders.headroom()));
    String report = report(List.of(realHpa, simHpa, realHeadroom, simHeadroom));
    System.out.println(report);
    Path out = Path.of("target/e2e/hpa-beside-headroom.md");
    Files.createDirectories(out.getParent());
    Files.writeString(out, report);

    // Both autoscalers answer the step; the real HPA settles where the CPU formula puts it:
    // 150 req/s × 20 ms = 3 cores over 1-core requests at a 70 % target is ceil(3 / 0.7) = 5.
    assertThat(realHpa.firstScaleUpAfterStep()).as("the real HPA scaled up").isNotNegative();
    assertThat(realHeadroom.firstScaleUpAfterStep()).as("Headroom scaled up").isNotNegative();
    assertThat(realHpa.atEnd()).as("the real HPA's replicas at the end").isEqualTo(5);
    // The simulator's HPA is the same controller: same settled count, same kind of reaction time
    // (it reads metrics-server's 15 s windows and syncs every 15 s, as the real one does).
    assertThat(simHpa.atEnd())
        .as("the simulated HPA's replicas at the end")
        .isEqualTo(realHpa.atEnd());
    assertThat(Math.abs(simHpa.firstScaleUpAfterStep() - realHpa.firstScaleUpAfterStep()))
        .as("seconds between the simulated and the real HPA's first scale-up\n%s", report)
        .isLessThanOrEqualTo(30);
  }

  private static String policyYaml(String ns) {
    return LoopUnderTest.policy(ns, "headroom-web", "headroom-web", "Enforce", 300, "");
  }

  private static int specReplicas(Deployment deployment) {
    return deployment == null ? 0 : deployment.getSpec().getReplicas();
  }

  private static Figures live(
      String who,
      Instant start,
      int seconds,
      List<Replicas> samples,
      boolean hpa,
      LiveWorkload workload) {
    int[] spec = new int[seconds];
    double[] p95 = new double[seconds];
    double[] pods = new double[seconds];
    Arrays.fill(p95, Double.NaN);
    for (Replicas r : samples) {
      int s = (int) Duration.between(start, r.at()).toSeconds();
      if (s >= 0 && s < seconds) {
        spec[s] = hpa ? r.hpaSpec() : r.headroomSpec();
      }
    }
    for (int s = 1; s < seconds; s++) {
      if (spec[s] == 0) {
        spec[s] = spec[s - 1]; // a late sample: the count did not change within the second
      }
    }
    int violations = 0;
    for (LiveWorkload.Second second : workload.history()) {
      int s = (int) Duration.between(start, second.at()).toSeconds();
      if (s < 0 || s >= seconds) {
        continue;
      }
      p95[s] = second.p95Seconds();
      pods[s] = second.runningPods();
      if (s >= BASE_SECONDS && violates(second.p95Seconds(), second.offeredRps())) {
        violations++;
      }
    }
    return figures(who, spec, p95, Arrays.stream(pods).sum(), violations);
  }

  private static Figures simulated(String who, ControllerRun run) {
    var timeline = run.timeline();
    double[] p95 = timeline.budgetValues().get("latency/p95");
    int violations = 0;
    for (int s = BASE_SECONDS; s < timeline.seconds(); s++) {
      if (violates(p95[s], timeline.loadRps()[s])) {
        violations++;
      }
    }
    return figures(
        who, timeline.specReplicas(), p95, Arrays.stream(timeline.pods()).sum(), violations);
  }

  private static boolean violates(double p95Seconds, double offeredRps) {
    return Double.isNaN(p95Seconds) ? offeredRps > 0 : p95Seconds > P95_BUDGET_SECONDS;
  }

  private static Figures figures(
      String who, int[] spec, double[] p95, double podSeconds, int violations) {
    int first = -1;
    for (int s = BASE_SECONDS; s < spec.length; s++) {
      if (spec[s] > spec[BASE_SECONDS - 1]) {
        first = s - BASE_SECONDS;
        break;
      }
    }
    return new Figures(
        who,
        spec,
        p95,
        podSeconds,
        violations,
        first,
        Arrays.stream(spec).max().orElse(0),
        spec[spec.length - 1]);
  }

  /** The live run as a simulator scenario: the same service, load, policy and HPA target. */
  private static Scenario scenario(String ns, int seconds) {
    var service = LoopUnderTest.SERVICE;
    String policy =
        policyYaml(ns).lines().map(line -> "  " + line).collect(Collectors.joining("\n"));
    String yaml =
        """
        name: hpa-beside-headroom
        description: The live side-by-side run's load step, simulated.
        durationSeconds: %d
        seed: 1
        load:
          shape: steps
          initialRps: %s
          steps: [{atSecond: %d, rps: %s}]
          poissonArrivals: false
        service:
          meanServiceSeconds: %s
          serviceTimeCv: %s
          startupSeconds: 1
          startupJitterFraction: 0
          memoryBaseBytes: %d
          memoryBytesPerInFlight: %d
          timeoutSeconds: %s
          cpuRequest: "1"
          cpuLimit: "1"
          memoryRequest: %s
          memoryLimit: %s
        observation:
          scrapeIntervalSeconds: 1
          latencyBucketsSeconds: %s
        initialReplicas: 2
        hpa: {targetCpuUtilizationPercent: %d}
        policy:
        %s
        """
            .formatted(
                seconds,
                BASE_RPS,
                BASE_SECONDS,
                STEP_RPS,
                service.meanServiceSeconds(),
                service.serviceTimeCv(),
                service.memoryBaseBytes(),
                service.memoryBytesPerInFlightRequest(),
                service.timeoutSeconds(),
                MEMORY,
                MEMORY,
                Arrays.toString(LiveWorkload.BUCKETS_SECONDS),
                CPU_TARGET_PERCENT,
                policy);
    return ScenarioLoader.parse(ScenarioLocation.inline("hpa-beside-headroom", yaml));
  }

  private static String report(List<Figures> all) {
    StringBuilder out = new StringBuilder();
    out.append(
        "Load %s -> %s req/s at %d s, held %d s; 20 ms of CPU per request, 1-core pods, 2-10 replicas.\n\n"
            .formatted(BASE_RPS, STEP_RPS, BASE_SECONDS, STEP_SECONDS));
    out.append(
        "| autoscaler | first scale-up after the step | peak replicas | replicas at the end |"
            + " p95 > 200 ms after the step (s) | pod-seconds |\n");
    out.append("|---|---|---|---|---|---|\n");
    all.forEach(f -> out.append(f.row()).append('\n'));
    out.append("\nReplicas every 15 s from the step (spec):\n\n| s |");
    all.forEach(f -> out.append(' ').append(f.who()).append(" |"));
    out.append("\n|---|");
    all.forEach(f -> out.append("---|"));
    out.append('\n');
    for (int s = BASE_SECONDS - 15; s < all.get(0).specReplicas().length; s += 15) {
      out.append("| ").append(s - BASE_SECONDS).append(" |");
      for (Figures f : all) {
        int at = Math.min(s, f.specReplicas().length - 1);
        double p95 = f.p95Seconds()[at];
        out.append(' ')
            .append(f.specReplicas()[at])
            .append(Double.isNaN(p95) ? "" : " (p95 %.0f ms)".formatted(p95 * 1000))
            .append(" |");
      }
      out.append('\n');
    }
    return out.toString();
  }
}
