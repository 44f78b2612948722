package dev.headroom.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headroom.api.v1alpha1.LatencyBudget;
import dev.headroom.api.v1alpha1.PerformancePolicySpec;
import dev.headroom.sim.controllers.Contenders;
import dev.headroom.sim.observe.ObservationSettings;
import dev.headroom.sim.oracle.OracleController;
import dev.headroom.sim.report.ScenarioScores;
import dev.headroom.sim.report.ScoreCalculator;
import dev.headroom.sim.report.Scores;
import dev.headroom.sim.run.ControllerFactory;
import dev.headroom.sim.run.SimulationRunner;
import dev.headroom.sim.scenario.PolicyBudgets;
import dev.headroom.sim.scenario.Scenario;
import dev.headroom.sim.scenario.ScenarioLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every policy in {@code examples/} runs through the simulator as a new user would try it: a simple
 * web service sized from the policy by one fixed rule (below, the same for every example), a
 * compressed daily cycle from a quiet night to a peak that needs 60 % of maxReplicas. The run
 * completes, every budget is scored, and Headroom meets every budget the oracle meets at no more
 * than 1.3 × the oracle's replica-seconds — or the miss is named in {@link #KNOWN_MISSES} with its
 * figures, and the test checks it is still a miss (so a fix shows).
 *
 * <p>The sizing rule: mean CPU per request S = min(50 ms, each latency target / (2 × its quantile's
 * multiple of the mean for exponential service times: −ln(1 − q), or 1 for an average)) so that the
 * oracle can meet every latency budget; 1-core pods, or more when a throughput floor would need
 * more than half of maxReplicas at 60 % busy; the peak needs 60 % of maxReplicas at 60 % busy and
 * the night is a tenth of it; memory well below any memory budget.
 */
class ExamplesSimulateTest {
  static final Path EXAMPLES = Path.of("examples");

  /** What Headroom may cost against the oracle where both meet the budgets. */
  static final double MAX_COST_VS_ORACLE = 1.3;

  /** The share of the run a budget the oracle meets may be violated. */
  static final double MAX_VIOLATION_SHARE = 0.01;

  static final int PERIOD_SECONDS = 4 * 3600;

  /** Misses as measured, by example: the test requires them to be misses still. */
  static final Map<String, String> KNOWN_MISSES =
      Map.of("checkout-dry-run-mimir", "latency/p99 violated 295 s of 14,400 (oracle 20 s)");

  /** Each example's run, shared by the tests (a run is deterministic). */
  private static final Map<Path, ScenarioRun> RUNS = new ConcurrentHashMap<>();

  /** What `headroom simulate` runs. */
  static final List<ControllerFactory> CONTROLLERS =
      List.of(
          Contenders.headroom(), Contenders.hpa(), Contenders.keda(), OracleController.factory());

  /** Long enough for a controller that keeps a floor to have provisioned it from minReplicas. */
  static final int PROVISIONING_SECONDS = 600;

  /** The scenarios are written here, so that `headroom simulate --scenario` reruns any alone. */
  static final Path DIR = Path.of("target", "examples-sim");

  static Stream<Path> examples() throws IOException {
    try (Stream<Path> files = Files.walk(EXAMPLES)) {
      List<Path> policies =
          files
              .filter(p -> p.toString().endsWith(".yaml"))
              .filter(ExamplesSimulateTest::isPolicy)
              .sorted()
              .toList();
      return policies.stream();
    }
  }

  private static boolean isPolicy(Path file) {
    try {
      return Files.readString(file).contains("kind: PerformancePolicy");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void everyExampleSimulatesAndHeadroomMeetsWhatTheOracleMeets(Path example) throws IOException {
    Scenario scenario = scenarioFor(example);
    ScenarioRun run = runOf(example);
    ScenarioScores scores = ScoreCalculator.scoreScenario(run);

    Scores headroom = scores.controllers().get("headroom");
    Scores oracle = scores.controllers().get("oracle");
    assertThat(headroom.violationSeconds().keySet())
        .as("every budget is scored")
        .containsExactlyElementsOf(run.budgets().stream().map(BudgetInfo::name).toList());
    List<String> misses = new ArrayList<>();
    int allowed = (int) (MAX_VIOLATION_SHARE * scenario.durationSeconds());
    for (BudgetInfo budget : run.budgets()) {
      int byOracle = oracle.violationSeconds().get(budget.name());
      int byHeadroom = headroom.violationSeconds().get(budget.name());
      if (byOracle <= allowed && byHeadroom > allowed) {
        misses.add(budget.name() + " violated " + byHeadroom + " s (oracle " + byOracle + " s)");
      }
    }
    double cost = (double) headroom.replicaSeconds() / oracle.replicaSeconds();
    if (cost > MAX_COST_VS_ORACLE) {
      misses.add(String.format(Locale.ROOT, "%.2f x the oracle's replica-seconds", cost));
    }
    String name = example.getFileName().toString().replace(".yaml", "");
    System.out.printf(
        Locale.ROOT,
        "%-26s headroom %7d replica-s, %.2f x oracle; violations %s; oracle %s%s%n",
        name,
        headroom.replicaSeconds(),
        cost,
        headroom.violationSeconds(),
        oracle.violationSeconds(),
        run.description().contains("Not run") ? "; " + run.description() : "");
    if (KNOWN_MISSES.containsKey(name)) {
      assertThat(misses)
          .as("the known miss of " + name + ", " + KNOWN_MISSES.get(name) + " (fixed? remove it)")
          .isNotEmpty();
    } else {
      assertThat(misses).as(name + " misses").isEmpty();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void aNightBelowAThroughputFloorIsNoViolation(Path example) throws IOException {
    ScenarioRun run = runOf(example);
    BudgetInfo floor =
        run.budgets().stream()
            .filter(b -> b.name().equals(PolicyBudgets.THROUGHPUT_MIN))
            .findFirst()
            .orElse(null);
    if (floor == null) {
      return;
    }
    // Every second of the night (offered load below the floor) once the floor had time to be
    // provisioned: a service that keeps its floor's capacity is fine while users sleep.
    for (ControllerRun controller : run.runs()) {
      if (!controller.controller().equals("headroom")
          && !controller.controller().equals("oracle")) {
        continue;
      }
      Timeline timeline = controller.timeline();
      double[] values = timeline.budgetValues().get(floor.name());
      int nightSeconds = 0;
      List<Integer> violated = new ArrayList<>();
      for (int second = PROVISIONING_SECONDS; second < timeline.seconds(); second++) {
        if (timeline.loadRps()[second] < floor.target()) {
          nightSeconds++;
          if (floor.violatedBy(values[second])) {
            violated.add(second);
          }
        }
      }
      assertThat(nightSeconds).as("seconds below the floor").isGreaterThan(600);
      assertThat(violated)
          .as(controller.controller() + ": seconds below the floor scored as violations")
          .isEmpty();
    }
  }

  private ScenarioRun runOf(Path example) {
    return RUNS.computeIfAbsent(
        example,
        e -> {
          try {
            return SimulationRunner.run(scenarioFor(e), CONTROLLERS);
          } catch (IOException failure) {
            throw new UncheckedIOException(failure);
          }
        });
  }

  /** The example with a service and load derived from it by the fixed rule. */
  private Scenario scenarioFor(Path example) throws IOException {
    PerformancePolicySpec policy =
        ScenarioLoader.load(write(example, 0.05, 1, 10, 1, Set.of(1.0))).policy();
    double serviceSeconds = 0.05;
    TreeSet<Double> buckets = new TreeSet<>();
    for (double bound : ObservationSettings.DEFAULT_LATENCY_BUCKETS_SECONDS) {
      buckets.add(bound);
    }
    if (policy.budgets().latency() != null) {
      for (LatencyBudget budget : policy.budgets().latency()) {
        buckets.add(PolicyBudgets.seconds(budget.target()));
        double multiple = PolicyBudgets.isAverage(budget) ? 1 : -Math.log(1 - budget.percentile());
        serviceSeconds =
            Math.min(serviceSeconds, PolicyBudgets.seconds(budget.target()) / (2 * multiple));
      }
    }
    int max = policy.scaling().maxReplicas();
    int cores = 1;
    if (policy.budgets().throughput() != null
        && policy.budgets().throughput().minRequestsPerSecond() != null) {
      double floor = policy.budgets().throughput().minRequestsPerSecond();
      while (0.5 * max * 0.6 * cores / serviceSeconds < floor && cores < 16) {
        cores *= 2;
      }
    }
    double peak = 0.6 * max * 0.6 * cores / serviceSeconds;
    return ScenarioLoader.load(write(example, serviceSeconds, cores, peak, peak / 10, buckets));
  }

  private Path write(
      Path example,
      double serviceSeconds,
      int cores,
      double peak,
      double night,
      Set<Double> buckets)
      throws IOException {
    String name = example.getFileName().toString().replace(".yaml", "");
    String yaml =
        String.format(
            Locale.ROOT,
            """
            name: %s
            description: %s with a simple web service over a compressed day
            durationSeconds: %d
            seed: 7
            load:
              shape: diurnal
              minRps: %.3f
              maxRps: %.3f
              periodSeconds: %d
            service:
              meanServiceSeconds: %.6f
              startupSeconds: 30
              memoryBaseBytes: 200Mi
              memoryBytesPerInFlight: 1Mi
              cpuRequest: "%d"
              cpuLimit: "%d"
              memoryRequest: 400Mi
              memoryLimit: 800Mi
            observation:
              latencyBucketsSeconds: %s
            policy: %s
            workload: {kind: %s}
            """,
            name,
            name,
            PERIOD_SECONDS,
            night,
            peak,
            PERIOD_SECONDS,
            serviceSeconds,
            cores,
            cores,
            buckets,
            example.toAbsolutePath(),
            // The workload the policy names: a StatefulSet example runs on one (OrderedReady, its
            // default), every other kind on the simulator's Deployment.
            Files.readString(example).contains("kind: StatefulSet") ? "StatefulSet" : "Deployment");
    Files.createDirectories(DIR);
    Path file = DIR.resolve(name + ".yaml");
    Files.writeString(file, yaml);
    return file;
  }
}
