package dev.headroom.sim.report;

import dev.headroom.sim.ControllerRun;
import dev.headroom.sim.ScalingEvent;
import dev.headroom.sim.ScenarioRun;
import dev.headroom.sim.Timeline;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/** Scores scenario runs: per controller, per scenario (with the claim ratios), and over a set. */
public final class ScoreCalculator {

  /**
   * How long the latency budgets must stay met after a load change to count as recovered: long
   * enough that one good second amid a queue still draining does not count.
   */
  public static final int RECOVERY_HOLD_SECONDS = 60;

  private ScoreCalculator() {}

  /** Every scenario, in the given order, and the summary over them. */
  public static BenchmarkScores scoreAll(List<ScenarioRun> scenarios) {
    List<ScenarioScores> scored = scenarios.stream().map(ScoreCalculator::scoreScenario).toList();
    return new BenchmarkScores(scored, summarize(scored));
  }

  /** Every controller of one scenario, in report order, and Headroom's ratios. */
  public static ScenarioScores scoreScenario(ScenarioRun scenario) {
    Map<String, Scores> byController = new LinkedHashMap<>();
    scenario.runs().stream()
        .sorted((a, b) -> ControllerNames.REPORT_ORDER.compare(a.controller(), b.controller()))
        .forEach(
            run -> {
              if (byController.put(run.controller(), scoreRun(scenario, run)) != null) {
                throw new IllegalArgumentException(
                    "scenario " + scenario.scenario() + " has two runs of " + run.controller());
              }
            });
    return new ScenarioScores(
        scenario.scenario(),
        scenario.description(),
        scenario.budgets(),
        scenario.loadChanges(),
        byController,
        ratiosOf(byController));
  }

  /** One controller's scores on one scenario. */
  public static Scores scoreRun(ScenarioRun scenario, ControllerRun run) {
    Timeline timeline = run.timeline();
    requireAlignedSeries(run);
    BudgetViolations violations = new BudgetViolations(scenario.budgets(), timeline);
    ReplicaMoves moves = new ReplicaMoves(run.events());
    return new Scores(
        run.controller(),
        timeline.seconds(),
        violations.targetViolationSeconds(),
        violations.criticalViolationSeconds(),
        violations.anyViolationSeconds(),
        violations.latencyViolationSeconds(),
        sum(timeline.pods()),
        sum(timeline.cpuRequestCores()),
        sum(timeline.memoryRequestGiB()),
        (int) run.events().stream().filter(ScoreCalculator::isAction).count(),
        moves.directionChanges(),
        moves.mostDirectionChangesPerLoadChange(scenario.loadChanges()),
        Recovery.secondsAfter(
            scenario.loadChanges(), violations.latencyMet(), RECOVERY_HOLD_SECONDS));
  }

  private static boolean isAction(ScalingEvent event) {
    return event.fromReplicas() != event.toReplicas() || event.resourcesChanged();
  }

  private static ScenarioRatios ratiosOf(Map<String, Scores> byController) {
    Scores headroom = byController.get(ControllerNames.HEADROOM);
    Scores hpa = byController.get(ControllerNames.HPA);
    Scores oracle = byController.get(ControllerNames.ORACLE);
    return new ScenarioRatios(
        ratio(headroom, hpa, Scores::latencyViolationSeconds),
        ratio(headroom, hpa, Scores::replicaSeconds),
        ratio(headroom, oracle, Scores::replicaSeconds),
        oracle != null && oracle.anyViolationSeconds() == 0);
  }

  private static Ratio ratio(Scores of, Scores to, Function<Scores, ? extends Number> figure) {
    if (of == null || to == null) {
      return Ratio.UNDEFINED;
    }
    return new Ratio(figure.apply(of).doubleValue(), figure.apply(to).doubleValue());
  }

  private static Summary summarize(List<ScenarioScores> scenarios) {
    Map<String, ControllerTotals> totals = new TreeMap<>(ControllerNames.REPORT_ORDER);
    for (ScenarioScores scenario : scenarios) {
      for (Scores scores : scenario.controllers().values()) {
        totals.put(
            scores.controller(),
            totals.getOrDefault(scores.controller(), ControllerTotals.NONE).plus(scores));
      }
    }
    List<ScenarioRatios> ratios = scenarios.stream().map(ScenarioScores::ratios).toList();
    List<Ratio> vsOracleWhereMet = new ArrayList<>();
    for (ScenarioRatios scenario : ratios) {
      if (scenario.oracleMeetsBudgets()) {
        vsOracleWhereMet.add(scenario.replicaSecondsVsOracle());
      }
    }
    SummaryRatios summaryRatios =
        new SummaryRatios(
            Ratio.ofSums(ratios.stream().map(ScenarioRatios::latencyViolationVsHpa).toList()),
            Ratio.ofSums(ratios.stream().map(ScenarioRatios::replicaSecondsVsHpa).toList()),
            Ratio.ofSums(ratios.stream().map(ScenarioRatios::replicaSecondsVsOracle).toList()),
            Ratio.ofSums(vsOracleWhereMet),
            vsOracleWhereMet.size());
    return new Summary(scenarios.size(), new LinkedHashMap<>(totals), summaryRatios);
  }

  private static void requireAlignedSeries(ControllerRun run) {
    Timeline timeline = run.timeline();
    int seconds = timeline.seconds();
    int[] lengths = {
      timeline.specReplicas().length,
      timeline.readyReplicas().length,
      timeline.pods().length,
      timeline.cpuRequestCores().length,
      timeline.memoryRequestGiB().length
    };
    for (int length : lengths) {
      if (length != seconds) {
        throw new IllegalArgumentException(
            run.controller() + "'s timeline series differ in length: " + length + " vs " + seconds);
      }
    }
  }

  private static long sum(int[] values) {
    long sum = 0;
    for (int value : values) {
      sum += value;
    }
    return sum;
  }

  private static double sum(double[] values) {
    double sum = 0;
    for (double value : values) {
      sum += value;
    }
    return sum;
  }
}
