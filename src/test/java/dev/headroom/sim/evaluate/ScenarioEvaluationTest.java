package dev.headroom.sim.evaluate;

import static dev.headroom.sim.evaluate.Evaluations.headroom;
import static dev.headroom.sim.evaluate.Evaluations.hpa;
import static dev.headroom.sim.evaluate.Evaluations.kedaLatency;
import static dev.headroom.sim.evaluate.Evaluations.kedaRps;
import static dev.headroom.sim.evaluate.Evaluations.oracle;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class ScenarioEvaluationTest {
  @Test
  void findsHeadroomTheOracleAndTheBaselinesInSweepOrder() {
    ScenarioEvaluation e = Evaluations.sweep("s", "steps", false);

    assertThat(e.headroom()).isEqualTo(headroom(100, 10_000));
    assertThat(e.oracle()).isEqualTo(oracle(0, 9_000));
    assertThat(e.baselines()).hasSize(17).noneMatch(p -> !p.isBaseline());
    assertThat(e.family(Settings.HPA))
        .extracting(Point::label)
        .containsExactly(
            "hpa@30%", "hpa@40%", "hpa@50%", "hpa@60%", "hpa@70%", "hpa@80%", "hpa@90%");
    assertThat(e.family(Settings.KEDA_LATENCY)).hasSize(5);
    assertThat(e.family(Settings.KEDA_RPS)).hasSize(5);
    assertThat(e.family("none")).isEmpty();
  }

  @Test
  void aScenarioWithoutHeadroomSaysSo() {
    ScenarioEvaluation e =
        new ScenarioEvaluation("lonely", "file", "", 60, List.of(oracle(0, 10), hpa("50%", 0, 9)));
    assertThatThrownBy(e::headroom).hasMessageContaining("lonely").hasMessageContaining("headroom");
  }

  @Test
  void dominatedByListsEveryBaselineThatDominatesHeadroom() {
    ScenarioEvaluation e =
        Evaluations.of(
            "s",
            "steps",
            headroom(100, 10_000),
            oracle(0, 5_000), // dominates, but the oracle is no baseline
            hpa("50%", 50, 9_000), // better on both
            hpa("60%", 100, 9_000), // tied violation, cheaper
            hpa("70%", 99, 10_050), // tied on both: no domination
            kedaLatency("0.5x", 10, 12_000), // a trade-off
            kedaRps("0.6x", 100, 10_000)); // equal

    assertThat(e.dominatedBy()).extracting(Point::label).containsExactly("hpa@50%", "hpa@60%");
    assertThat(e.dominated()).isTrue();
    assertThat(Evaluations.sweep("s", "steps", false).dominated()).isFalse();
    assertThat(Evaluations.sweep("s", "steps", true).dominatedBy())
        .extracting(Point::label)
        .containsExactly("keda-rps@0.9x");
  }

  @Test
  void cheapestNoWorseBaselineIsTheCheapestThatViolatesNoMoreTiesIncluded() {
    ScenarioEvaluation e =
        Evaluations.of(
            "s",
            "steps",
            headroom(100, 10_000),
            oracle(0, 9_000),
            hpa("30%", 0, 20_000),
            hpa("50%", 101, 15_000), // within 1 %: no more
            hpa("90%", 300, 5_000), // cheaper but violates more
            kedaLatency("1x", 90, 16_000));

    assertThat(e.cheapestNoWorseBaseline()).contains(hpa("50%", 101, 15_000));
    assertThat(e.replicaSecondsVsCheapestNoWorse().getAsDouble())
        .isCloseTo(10_000.0 / 15_000, within(1e-12));
  }

  @Test
  void noBaselineViolatingNoMoreLeavesNoRatio() {
    ScenarioEvaluation e =
        Evaluations.of("s", "steps", headroom(0, 10_000), oracle(0, 9_000), hpa("50%", 5, 1_000));
    assertThat(e.cheapestNoWorseBaseline()).isEmpty();
    assertThat(e.replicaSecondsVsCheapestNoWorse()).isEmpty();
  }

  @Test
  void bestKedaAtNoMoreReplicasIgnoresTheHpaAndDearerSettings() {
    ScenarioEvaluation e =
        Evaluations.of(
            "s",
            "bursty",
            headroom(100, 10_000),
            oracle(0, 9_000),
            hpa("50%", 0, 9_000), // the HPA does not count
            kedaLatency("0.5x", 10, 12_000), // dearer
            kedaLatency("1x", 60, 10_080), // within 1 %: no more
            kedaRps("0.9x", 40, 8_000),
            kedaRps("0.75x", 70, 9_500));

    assertThat(e.bestKedaAtNoMoreReplicas()).contains(kedaRps("0.9x", 40, 8_000));
    assertThat(
            Evaluations.of(
                    "s",
                    "bursty",
                    headroom(100, 10_000),
                    oracle(0, 9_000),
                    kedaRps("0.3x", 0, 20_000))
                .bestKedaAtNoMoreReplicas())
        .isEmpty();
  }

  @Test
  void ratiosAndShares() {
    ScenarioEvaluation e =
        Evaluations.of("s", "steps", headroom(36, 11_500), oracle(30, 10_000), hpa("50%", 0, 1));
    assertThat(e.replicaSecondsVsOracle()).isCloseTo(1.15, within(1e-12));
    assertThat(e.violationShare()).isCloseTo(0.01, within(1e-12));
    // The oracle meets its budgets at up to 1 % of the time violated.
    assertThat(e.oracleMeetsBudgets()).isTrue();
    assertThat(
            Evaluations.of("s", "steps", headroom(0, 1), oracle(37, 1), hpa("50%", 0, 1))
                .oracleMeetsBudgets())
        .isFalse();
    // An oracle with no replica-seconds does not divide by zero.
    assertThat(
            Evaluations.of("s", "steps", headroom(0, 50), oracle(0, 0), hpa("50%", 0, 1))
                .replicaSecondsVsOracle())
        .isEqualTo(50);
  }
}
