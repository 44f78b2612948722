package dev.headroom.sim.report;

import static dev.headroom.sim.report.Fixtures.P95;
import static dev.headroom.sim.report.Fixtures.P95_BUDGET;
import static dev.headroom.sim.report.Fixtures.P99;
import static dev.headroom.sim.report.Fixtures.P99_BUDGET;
import static dev.headroom.sim.report.Fixtures.THROUGHPUT;
import static dev.headroom.sim.report.Fixtures.THROUGHPUT_BUDGET;
import static dev.headroom.sim.report.Fixtures.move;
import static dev.headroom.sim.report.Fixtures.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.headroom.sim.ControllerRun;
import dev.headroom.sim.ScalingEvent;
import dev.headroom.sim.ScenarioRun;
import dev.headroom.sim.Timeline;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class ScoreCalculatorTest {

  private static Scores score(List<Integer> loadChanges, ControllerRun run) {
    ScenarioRun scenario =
        new ScenarioRun(
            "s",
            "d",
            List.of(P95_BUDGET, P99_BUDGET, THROUGHPUT_BUDGET),
            loadChanges,
            List.of(run));
    return ScoreCalculator.scoreRun(scenario, run);
  }

  private static TimelineBuilder allMet(int seconds) {
    return TimelineBuilder.seconds(seconds)
        .budget(P95, 0.1)
        .budget(P99, 0.2)
        .budget(THROUGHPUT, 150);
  }

  @Test
  void countsSecondsPastTargetAndCriticalPerBudget() {
    Timeline timeline =
        allMet(300)
            .budget(P95, 100, 110, 0.3) // past target only
            .budget(P95, 110, 115, 0.6) // past critical too
            .budget(P95, 115, 120, Double.NaN) // no traffic: not a violation
            .budget(THROUGHPUT, 105, 108, 80) // overlaps the latency violation
            .budget(THROUGHPUT, 200, 220, 80)
            .budget(THROUGHPUT, 220, 221, 100) // exactly on target: met
            .build();

    Scores scores = score(List.of(), run("headroom", timeline));

    assertThat(scores.violationSeconds())
        .containsExactly(Map.entry(P95, 15), Map.entry(P99, 0), Map.entry(THROUGHPUT, 23));
    assertThat(scores.criticalViolationSeconds()).containsExactly(Map.entry(P95, 5));
    assertThat(scores.anyViolationSeconds()).isEqualTo(35);
    assertThat(scores.latencyViolationSeconds()).isEqualTo(15);
    assertThat(scores.durationSeconds()).isEqualTo(300);
  }

  @Test
  void latencyViolationCountsASecondOnceWhicheverLatencyBudgetsAreViolated() {
    Timeline timeline =
        allMet(200).budget(P95, 10, 30, 0.3).budget(P99, 20, 50, 0.5).build(); // union: 10..50

    Scores scores = score(List.of(), run("hpa", timeline));

    assertThat(scores.latencyViolationSeconds()).isEqualTo(40);
    assertThat(scores.anyViolationSeconds()).isEqualTo(40);
  }

  @Test
  void sumsPodsCoresAndMemoryOverSeconds() {
    Timeline timeline =
        allMet(150)
            .replicas(100, 150, 4, 3, 3) // pods, not spec, are what is paid for
            .cores(0, 150, 1.25)
            .memoryGiB(100, 150, 0.5)
            .build();

    Scores scores = score(List.of(), run("keda", timeline));

    assertThat(scores.replicaSeconds()).isEqualTo(100 * 2 + 50 * 3);
    assertThat(scores.coreSeconds()).isCloseTo(187.5, within(1e-9));
    assertThat(scores.memoryGiBSeconds()).isCloseTo(100 * 2.0 + 50 * 0.5, within(1e-9));
  }

  @Test
  void scalingActionsAreEventsThatChangedReplicasOrResources() {
    Scores scores =
        score(
            List.of(),
            run(
                "headroom",
                allMet(100).build(),
                move(10, 2, 3),
                new ScalingEvent(20, 3, 3, true, "right-size"),
                new ScalingEvent(30, 3, 3, false, "hold")));

    assertThat(scores.scalingActions()).isEqualTo(2);
  }

  @Test
  void directionChangesCountReversalsAndTheWorstLoadChangeInterval() {
    ControllerRun run =
        run(
            "hpa",
            allMet(300).build(),
            move(10, 2, 3), // up
            move(20, 3, 4), // up
            new ScalingEvent(50, 4, 4, true, "resources only: not a move"),
            move(110, 4, 3), // down: change 1, interval [100, 200)
            move(120, 3, 5), // up: change 2, interval [100, 200)
            move(210, 5, 4), // down: change 3, interval [200, end)
            move(220, 4, 3)); // down

    Scores scores = score(List.of(100, 200), run);

    assertThat(scores.directionChanges()).isEqualTo(3);
    assertThat(scores.directionChangesPerLoadChange()).isEqualTo(2);
  }

  @Test
  void directionChangesFollowTimeEvenIfEventsAreListedOutOfOrder() {
    ControllerRun run =
        run("hpa", allMet(100).build(), move(30, 3, 4), move(10, 2, 3), move(20, 3, 2));

    // In time: up (10), down (20), up (30): two reversals.
    assertThat(score(List.of(), run).directionChanges()).isEqualTo(2);
  }

  @Test
  void withoutLoadChangesTheWholeRunIsOneInterval() {
    ControllerRun run =
        run("hpa", allMet(100).build(), move(10, 2, 3), move(20, 3, 2), move(30, 2, 3));

    Scores scores = score(List.of(), run);

    assertThat(scores.directionChangesPerLoadChange()).isEqualTo(2);
    assertThat(scores.recoverySeconds()).isEmpty();
    assertThat(scores.slowestRecoverySeconds()).isEmpty();
    assertThat(scores.neverRecovered()).isFalse();
  }

  @Test
  void recoveryIsTheTimeUntilLatencyIsMetForSixtySecondsOnEnd() {
    Timeline timeline =
        allMet(400)
            .budget(P95, 100, 130, 0.3) // met again 130..199: 70 s, recovered after 30 s
            .budget(P99, 200, 210, 0.5) // met 210..229 (20 s, too short), then from 235
            .budget(P99, 230, 235, 0.5)
            .budget(THROUGHPUT, 300, 400, 10) // not a latency budget: does not delay recovery
            .build();

    Scores scores = score(List.of(100, 200, 300), run("headroom", timeline));

    assertThat(scores.recoverySeconds())
        .containsExactly(OptionalInt.of(30), OptionalInt.of(35), OptionalInt.of(0));
    assertThat(scores.slowestRecoverySeconds()).hasValue(35);
  }

  @Test
  void aRecoveryNotHeldForSixtySecondsBeforeTheRunEndsIsNever() {
    Timeline timeline = allMet(400).budget(P95, 100, 345, 0.3).build(); // met for 55 s at the end

    Scores scores = score(List.of(100, 380), run("hpa", timeline));

    assertThat(scores.recoverySeconds()).containsExactly(OptionalInt.empty(), OptionalInt.empty());
    assertThat(scores.neverRecovered()).isTrue();
    assertThat(scores.slowestRecoverySeconds()).isEmpty();
  }

  @Test
  void aRecoveryHeldExactlySixtySecondsToTheEndCounts() {
    Timeline timeline = allMet(400).budget(P95, 100, 340, 0.3).build();

    Scores scores = score(List.of(100), run("hpa", timeline));

    assertThat(scores.recoverySeconds()).containsExactly(OptionalInt.of(240));
  }

  @Test
  void scenarioRatiosCompareHeadroomWithHpaAndOracle() {
    ScenarioScores scores = ScoreCalculator.scoreScenario(Fixtures.fourControllers("step"));

    ScenarioRatios ratios = scores.ratios();
    assertThat(ratios.latencyViolationVsHpa()).isEqualTo(new Ratio(10, 40));
    assertThat(ratios.latencyViolationVsHpa().value()).hasValue(0.25);
    assertThat(ratios.replicaSecondsVsHpa()).isEqualTo(new Ratio(600, 900));
    assertThat(ratios.replicaSecondsVsOracle()).isEqualTo(new Ratio(600, 540));
    assertThat(ratios.oracleMeetsBudgets()).isTrue();
  }

  @Test
  void controllersAreListedInCanonicalOrderWhateverTheRunOrder() {
    ScenarioRun scenario = Fixtures.fourControllers("step");
    List<ControllerRun> reversed =
        List.of(
            scenario.runs().get(3),
            new ControllerRun("zeta", scenario.runs().get(0).timeline(), List.of()),
            scenario.runs().get(2),
            new ControllerRun("alpha", scenario.runs().get(0).timeline(), List.of()),
            scenario.runs().get(1),
            scenario.runs().get(0));

    ScenarioScores scores =
        ScoreCalculator.scoreScenario(
            new ScenarioRun("step", "d", scenario.budgets(), scenario.loadChanges(), reversed));

    assertThat(scores.controllers().keySet())
        .containsExactly("headroom", "hpa", "keda", "oracle", "alpha", "zeta");
  }

  @Test
  void ratiosWithoutTheComparedControllerAreUndefined() {
    ScenarioRun scenario = Fixtures.fourControllers("step");
    ScenarioRun headroomOnly =
        new ScenarioRun(
            "alone",
            "d",
            scenario.budgets(),
            scenario.loadChanges(),
            scenario.runs().subList(0, 1));

    ScenarioRatios ratios = ScoreCalculator.scoreScenario(headroomOnly).ratios();

    assertThat(ratios.latencyViolationVsHpa().defined()).isFalse();
    assertThat(ratios.replicaSecondsVsOracle().value()).isEmpty();
    assertThat(ratios.oracleMeetsBudgets()).isFalse();
  }

  @Test
  void aRatioOverZeroHasNoValueButItsFiguresStillAddUp() {
    Ratio headroomViolatesHpaDoesNot = new Ratio(5, 0);

    assertThat(headroomViolatesHpaDoesNot.value()).isEmpty();
    assertThat(Ratio.ofSums(List.of(headroomViolatesHpaDoesNot, new Ratio(5, 40), Ratio.UNDEFINED)))
        .isEqualTo(new Ratio(10, 40));
  }

  @Test
  void summaryRatiosAreSumsOverSumsAndTheOracleComparisonSkipsScenariosItViolates() {
    ScenarioRun met = Fixtures.fourControllers("met");
    ScenarioRun oracleViolates =
        new ScenarioRun(
            "oracle violates",
            "d",
            List.of(P95_BUDGET),
            List.of(100),
            List.of(
                run("headroom", Fixtures.withPods(Fixtures.p95ViolatedOver(100, 0, 30), 5)),
                run("hpa", Fixtures.withPods(Fixtures.p95ViolatedOver(100, 0, 10), 1)),
                run("oracle", Fixtures.withPods(Fixtures.p95ViolatedOver(100, 0, 1), 1))));

    BenchmarkScores scores = ScoreCalculator.scoreAll(List.of(met, oracleViolates));

    SummaryRatios ratios = scores.summary().ratios();
    assertThat(ratios.latencyViolationVsHpa()).isEqualTo(new Ratio(10 + 30, 40 + 10));
    assertThat(ratios.replicaSecondsVsHpa()).isEqualTo(new Ratio(600 + 500, 900 + 100));
    assertThat(ratios.replicaSecondsVsOracle()).isEqualTo(new Ratio(600 + 500, 540 + 100));
    assertThat(ratios.replicaSecondsVsOracleWhereOracleMeetsBudgets())
        .isEqualTo(new Ratio(600, 540));
    assertThat(ratios.scenariosWhereOracleMeetsBudgets()).isEqualTo(1);
    assertThat(scores.summary().scenarios()).isEqualTo(2);
  }

  @Test
  void summaryTotalsSumEachControllerOverTheScenariosItRan() {
    ScenarioRun met = Fixtures.fourControllers("met");
    ScenarioRun hpaOnly =
        new ScenarioRun(
            "hpa only",
            "d",
            List.of(P95_BUDGET),
            List.of(),
            List.of(run("hpa", Fixtures.withPods(Fixtures.p95ViolatedOver(100, 0, 7), 2))));

    Summary summary = ScoreCalculator.scoreAll(List.of(met, hpaOnly)).summary();

    assertThat(summary.totals().keySet()).containsExactly("headroom", "hpa", "keda", "oracle");
    ControllerTotals hpa = summary.totals().get("hpa");
    assertThat(hpa.scenarios()).isEqualTo(2);
    assertThat(hpa.durationSeconds()).isEqualTo(400);
    assertThat(hpa.latencyViolationSeconds()).isEqualTo(47);
    assertThat(hpa.replicaSeconds()).isEqualTo(1100);
    assertThat(hpa.scalingActions()).isEqualTo(1);
    assertThat(summary.totals().get("headroom").scenarios()).isEqualTo(1);
  }

  @Test
  void aBudgetWithoutValuesInTheTimelineIsAnErrorNotACleanRecord() {
    ControllerRun run = run("hpa", TimelineBuilder.seconds(10).budget(P95, 0.1).build());
    ScenarioRun scenario =
        new ScenarioRun("s", "d", List.of(P95_BUDGET, P99_BUDGET), List.of(), List.of(run));

    assertThatThrownBy(() -> ScoreCalculator.scoreRun(scenario, run))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(P99);
  }

  @Test
  void twoRunsOfOneControllerAreRejected() {
    ControllerRun run = run("hpa", TimelineBuilder.seconds(10).budget(P95, 0.1).build());
    ScenarioRun scenario =
        new ScenarioRun("twice", "d", List.of(P95_BUDGET), List.of(), List.of(run, run));

    assertThatThrownBy(() -> ScoreCalculator.scoreScenario(scenario))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("hpa");
  }
}
