package dev.headroom.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headroom.sim.ControllerRun;
import dev.headroom.sim.Resources;
import dev.headroom.sim.controllers.Contenders;
import dev.headroom.sim.load.CsvLoadTrace;
import dev.headroom.sim.load.LoadTrace;
import dev.headroom.sim.run.RunSummary;
import dev.headroom.sim.run.SimulationRunner;
import dev.headroom.sim.scenario.Scenario;
import dev.headroom.sim.scenario.ScenarioLoader;
import dev.headroom.testing.env.Poll;
import dev.headroom.testing.load.OpenLoopLoad;
import dev.headroom.testing.service.SampleService;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The WorldCup98 surge day (1998-07-07, 6 hours) replayed on real processes, compressed 36× into 10
 * minutes and scaled so the surge peaks at 60 req/s (5 req/s at the start), sent as Poisson
 * arrivals to endpoints chosen at random (many independent users, as the simulator assumes): the
 * sample service (10 ms of CPU per request, pods of 200m, 20 req/s each at most) under Headroom
 * with a p95 budget of 200 ms. Headroom keeps p95 — by the service's own histogram — under budget
 * for at least 95 % of the time it is evaluated (from the operator's start plus the budget's 30 s
 * window). The run's pod-seconds are reported beside what the simulator predicts for the same trace
 * and policy, with a service model fitted from this run's own metrics, and that model's p95 is
 * compared with the measured one row by row ({@link ModelCheck}). Everything is printed and written
 * to {@code target/e2e/real-processes-worldcup.txt}; the scenario the simulator ran to {@code
 * target/e2e/real-processes-worldcup-scenario.yaml} ({@code headroom simulate --scenario} runs it).
 */
class RealProcessesWorldCupIT {
  private static final String TRACE = "wc98_1998-07-07_6h_1min.csv";
  private static final double TRACE_PEAK_RPS = 3823.7667;
  private static final double SPEEDUP = 36;
  private static final double SCALE = 60 / TRACE_PEAK_RPS;
  private static final int SECONDS = (int) (6 * 3600 / SPEEDUP);
  private static final Resources POD = new Resources(200, 200, 256L << 20, 256L << 20);
  private static final double BUDGET_SECONDS = 0.2;
  private static final int BUDGET_WINDOW_SECONDS = 30;
  private static final int ROW_SECONDS = 5;
  private static final long SEED = 1998;

  @Test
  void headroomKeepsACompressedWorldCupDayUnderBudgetOnRealProcesses() throws Exception {
    List<ServiceRow> rows = new ArrayList<>();
    List<String> closing = new ArrayList<>();
    CpuMeter machine = CpuMeter.start();
    try (ProcessBackedLoop loop = ProcessBackedLoop.start("real-wc98")) {
      try {
        loop.deploy(
            loop.sampleService(
                "web", "200m", "256Mi", Map.of("CPU_MILLIS", "10", "THREADS", "16")));
        OpenLoopLoad load = loop.load("web", trace(), OpenLoopLoad.Arrivals.POISSON, SEED);
        long started = System.nanoTime();
        loop.awaitDiscovered();
        String policy = LoopUnderTest.policy(loop.namespace, "web", "web", "Enforce", 300, "");
        loop.startOperator(policy);
        double evaluatedFrom = elapsed(started) + BUDGET_WINDOW_SECONDS;

        Poll.until(
            Duration.ofSeconds(SECONDS + 60),
            "the end of the replay",
            () -> {
              double now = elapsed(started);
              if (rows.size() <= now / ROW_SECONDS) {
                rows.add(ServiceRow.sample(loop, "web", now));
              }
              return now >= SECONDS;
            });

        List<ServiceRow> evaluated =
            rows.stream().filter(r -> r.seconds() >= evaluatedFrom).toList();
        long underBudget = evaluated.stream().filter(r -> r.p95Seconds() <= BUDGET_SECONDS).count();
        double share = (double) underBudget / evaluated.size();
        int peakReplicas = rows.stream().mapToInt(ServiceRow::desiredReplicas).max().orElse(0);
        double podSeconds = podSeconds(rows);
        closing.add(
            "p95 under %.0f ms in %d of %d rows evaluated (from %.0f s): %.1f %%"
                .formatted(
                    BUDGET_SECONDS * 1000,
                    underBudget,
                    evaluated.size(),
                    evaluatedFrom,
                    share * 100));
        closing.add(
            "pod-seconds %.0f, peak %d replicas; generator sent %d, %d failed"
                .formatted(podSeconds, peakReplicas, load.sent(), load.errors()));

        closing.addAll(modelAndSimulator(loop, policy, rows));

        assertThat(share)
            .as("the share of the evaluated time with p95 under budget")
            .isGreaterThanOrEqualTo(0.95);
        assertThat(peakReplicas).as("replicas at the surge").isGreaterThan(2);
        assertThat(load.errors())
            .as("requests the generator saw fail")
            .isLessThan(load.sent() / 100);
      } finally {
        closing.add("machine: " + machine.report());
        ProcessBackedLoop.report(
            "real-processes-worldcup.txt",
            rows.stream().map(ServiceRow::format).toList(),
            closing.toArray(String[]::new));
      }
    }
  }

  /**
   * The model check, the replicas the model says the peak needed, and the simulator's run with the
   * fitted model; a model that cannot be fitted is reported, not a failure of the replay.
   */
  private static List<String> modelAndSimulator(
      ProcessBackedLoop loop, String policy, List<ServiceRow> rows) throws Exception {
    ModelCheck check;
    try {
      check = ModelCheck.of(rows, POD);
    } catch (IllegalStateException e) {
      return List.of("model check: not fitted: " + e.getMessage());
    }
    List<String> lines = new ArrayList<>(check.report("WorldCup98 replay"));
    ServiceRow peak =
        rows.stream()
            .filter(r -> Double.isFinite(r.answeredRps()))
            .max(Comparator.comparingDouble(ServiceRow::answeredRps))
            .orElseThrow();
    lines.add(
        "  replicas needed at the run's peak of %.1f req/s: model %d; the run had %d Ready"
            .formatted(
                peak.answeredRps(),
                check.replicasNeeded(peak.answeredRps(), BUDGET_SECONDS),
                peak.readyPods()));
    lines.add(simulated(loop, policy, check.fit()));
    return lines;
  }

  static LoadTrace trace() throws Exception {
    try (var csv =
        new InputStreamReader(
            RealProcessesWorldCupIT.class.getResourceAsStream("/traces/" + TRACE),
            StandardCharsets.UTF_8)) {
      return CsvLoadTrace.read(TRACE, csv, SCALE, 0, SPEEDUP, CsvLoadTrace.Interpolation.LINEAR);
    }
  }

  /** Pods that existed, summed over the replay's seconds (what the simulator counts). */
  private static double podSeconds(List<ServiceRow> rows) {
    double total = 0;
    for (int i = 0; i + 1 < rows.size() && rows.get(i).seconds() < SECONDS; i++) {
      double until = Math.min(rows.get(i + 1).seconds(), SECONDS);
      total += rows.get(i).pods() * (until - rows.get(i).seconds());
    }
    return total;
  }

  /**
   * The simulator's Headroom on the same trace and policy, with the service model fitted from this
   * run (start-up from the pods' own creation-to-Ready times).
   */
  private static String simulated(ProcessBackedLoop loop, String policy, ModelCheck.Fit fit)
      throws Exception {
    int startup = medianStartupSeconds(loop);
    long workingSet =
        (long)
            loop.query(
                    "avg(container_memory_working_set_bytes{namespace=\"" + loop.namespace + "\"})")
                .orElse(100 << 20);
    String scenario =
        """
        name: worldcup98-real-processes
        description: The real-process WorldCup98 replay, with the service model fitted from it.
        durationSeconds: %d
        seed: 1
        load:
          csv: classpath:traces/%s
          scale: %s
          speedup: %s
        service:
          meanServiceSeconds: %s
          serviceTimeCv: %s
          startupSeconds: %d
          memoryBaseBytes: %d
          memoryBytesPerInFlight: 0
          cpuRequest: 200m
          cpuLimit: 200m
          memoryRequest: 256Mi
          memoryLimit: 256Mi
        observation:
          scrapeIntervalSeconds: 1
          latencyBucketsSeconds: %s
        initialReplicas: 2
        policy:
        %s
        """
            .formatted(
                SECONDS,
                TRACE,
                SCALE,
                SPEEDUP,
                fit.cpuSecondsPerRequest(),
                fit.serviceTimeCv(),
                startup,
                workingSet,
                Arrays.toString(SampleService.BUCKETS_SECONDS),
                policy.lines().map(l -> "  " + l).collect(Collectors.joining("\n")));
    Path file = Path.of("target/e2e/real-processes-worldcup-scenario.yaml");
    Files.createDirectories(file.getParent());
    Files.writeString(file, scenario);
    Scenario parsed = ScenarioLoader.load(file);
    ControllerRun run = SimulationRunner.runOne(parsed, Contenders.headroom());
    RunSummary summary = RunSummary.of(run, SimulationRunner.scenarioRun(parsed, List.of(run)));
    return "simulator (start-up %d s, %s): pod-seconds %d, seconds p95 over budget %d, peak %d replicas"
        .formatted(
            startup,
            file,
            summary.replicaSeconds(),
            summary.violationSeconds(),
            Arrays.stream(run.timeline().pods()).max().orElse(0));
  }

  /** Creation to Ready of the Deployment's pods that are Ready now, the median, in seconds. */
  private static int medianStartupSeconds(ProcessBackedLoop loop) {
    long[] seconds =
        loop.client.pods().inNamespace(loop.namespace).list().getItems().stream()
            .mapToLong(RealProcessesWorldCupIT::startupSeconds)
            .filter(s -> s >= 0)
            .sorted()
            .toArray();
    return seconds.length == 0 ? 0 : (int) seconds[seconds.length / 2];
  }

  private static long startupSeconds(Pod pod) {
    Instant created = Instant.parse(pod.getMetadata().getCreationTimestamp());
    return pod.getStatus().getConditions().stream()
        .filter(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()))
        .map(PodCondition::getLastTransitionTime)
        .map(Instant::parse)
        .mapToLong(ready -> Duration.between(created, ready).toSeconds())
        .findFirst()
        .orElse(-1);
  }

  private static double elapsed(long started) {
    return (System.nanoTime() - started) / 1e9;
  }
}
