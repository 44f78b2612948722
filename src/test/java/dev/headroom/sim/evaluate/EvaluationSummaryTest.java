package dev.headroom.sim.evaluate;

import static dev.headroom.sim.evaluate.Evaluations.headroom;
import static dev.headroom.sim.evaluate.Evaluations.hpa;
import static dev.headroom.sim.evaluate.Evaluations.kedaLatency;
import static dev.headroom.sim.evaluate.Evaluations.kedaRps;
import static dev.headroom.sim.evaluate.Evaluations.oracle;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class EvaluationSummaryTest {
  @Test
  void quantilesInterpolateLinearlyBetweenOrderStatistics() {
    List<Double> values = List.of(4.0, 1.0, 3.0, 2.0);
    assertThat(EvaluationSummary.quantile(values, 0.5).getAsDouble()).isEqualTo(2.5);
    // p90 of 1..4: position 0.9 * 3 = 2.7, between 3 and 4.
    assertThat(EvaluationSummary.quantile(values, 0.9).getAsDouble()).isCloseTo(3.7, within(1e-12));
    assertThat(EvaluationSummary.quantile(values, 0).getAsDouble()).isEqualTo(1);
    assertThat(EvaluationSummary.quantile(values, 1).getAsDouble()).isEqualTo(4);
    assertThat(EvaluationSummary.quantile(List.of(1.0, 2.0, 10.0), 0.5).getAsDouble()).isEqualTo(2);
    assertThat(EvaluationSummary.quantile(List.of(7.0), 0.9).getAsDouble()).isEqualTo(7);
    assertThat(EvaluationSummary.quantile(List.of(), 0.5)).isEmpty();
  }

  static Stream<Long> seeds() {
    SplittableRandom random = new SplittableRandom(4242L);
    return LongStream.range(0, 20).mapToObj(i -> random.nextLong());
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void quantilesAreMonotonicWithinRangeAndIgnoreOrder(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<Double> values = new ArrayList<>();
    int count = 1 + random.nextInt(30);
    for (int i = 0; i < count; i++) {
      values.add(random.nextDouble() * 3);
    }
    List<Double> shuffled = new ArrayList<>(values);
    java.util.Collections.shuffle(shuffled, new java.util.Random(seed));
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(sorted);

    double median = EvaluationSummary.quantile(values, 0.5).getAsDouble();
    double p90 = EvaluationSummary.quantile(values, 0.9).getAsDouble();

    assertThat(median).as("seed %d", seed).isBetween(sorted[0], sorted[sorted.length - 1]);
    assertThat(p90).as("seed %d", seed).isBetween(median, sorted[sorted.length - 1]);
    assertThat(EvaluationSummary.quantile(shuffled, 0.9).getAsDouble())
        .as("seed %d", seed)
        .isEqualTo(p90);
    if (count % 2 == 1) {
      assertThat(median).as("seed %d: odd count", seed).isEqualTo(sorted[count / 2]);
    } else {
      assertThat(median)
          .as("seed %d: even count", seed)
          .isCloseTo((sorted[count / 2 - 1] + sorted[count / 2]) / 2, within(1e-12));
    }
  }

  @Test
  void countsDominanceAndTakesRatiosWhereTheOracleMeetsItsBudgets() {
    List<ScenarioEvaluation> evaluations =
        List.of(
            // Oracle meets (<= 36 s of 3600): ratios 1.0, 1.2, 1.4; violation 0, 36, 72 s.
            Evaluations.of("a", "steps", headroom(0, 10_000), oracle(0, 10_000), hpa("50%", 0, 1)),
            Evaluations.of(
                "b", "steps", headroom(36, 12_000), oracle(36, 10_000), hpa("50%", 0, 1)),
            Evaluations.of(
                "c", "flap", headroom(72, 14_000), oracle(0, 10_000), hpa("50%", 999, 1)),
            // Oracle misses: not in the ratios.
            Evaluations.of(
                "d", "flap", headroom(3000, 99_000), oracle(500, 1_000), hpa("50%", 4000, 1)));

    EvaluationSummary s = EvaluationSummary.of(evaluations);

    assertThat(s.scenarios()).isEqualTo(4);
    // a, b: the HPA at 1 replica-s with no more violation dominates; c, d: it violates more.
    assertThat(s.notDominated()).isEqualTo(2);
    assertThat(s.notDominatedShare()).isEqualTo(0.5);
    assertThat(s.oracleMeets()).isEqualTo(3);
    assertThat(s.vsOracleMedian().getAsDouble()).isCloseTo(1.2, within(1e-12));
    assertThat(s.vsOracleP90().getAsDouble()).isCloseTo(1.36, within(1e-12));
    assertThat(s.violationShareMedian().getAsDouble()).isCloseTo(0.01, within(1e-12));
    // Cheapest no-worse: a 10 000, b 12 000 (the HPA at 1 replica-s); c, d none.
    assertThat(s.vsCheapestNoWorseMedian().getAsDouble()).isCloseTo(11_000, within(1e-9));
    assertThat(s.bursty()).isZero();
    assertThat(s.burstyWithinTwiceKeda()).isZero();
  }

  @Test
  void anEmptySetHasNoFigures() {
    EvaluationSummary s = EvaluationSummary.of(List.of());
    assertThat(s.scenarios()).isZero();
    assertThat(s.notDominatedShare()).isNaN();
    assertThat(s.vsOracleMedian()).isEmpty();
    assertThat(s.vsOracleP90()).isEmpty();
    assertThat(s.violationShareMedian()).isEmpty();
    assertThat(s.vsCheapestNoWorseMedian()).isEmpty();
  }

  @Test
  void burstyScenariosAreJudgedAgainstTwiceTheBestKedaAtNoMoreReplicas() {
    // KEDA at 8 000 replica-s violates 40 s: Headroom's 80 s is within twice that, 81 s is not.
    ScenarioEvaluation within =
        Evaluations.of(
            "w",
            "bursty",
            headroom(80, 10_000),
            oracle(0, 9_000),
            kedaRps("0.9x", 40, 8_000),
            kedaLatency("0.5x", 0, 20_000)); // dearer: does not count
    ScenarioEvaluation beyond =
        Evaluations.of(
            "b", "bursty", headroom(81, 10_000), oracle(0, 9_000), kedaRps("0.9x", 40, 8_000));
    // No KEDA setting pays no more: nothing to compare with, so it passes.
    ScenarioEvaluation noKeda =
        Evaluations.of(
            "n", "bursty", headroom(500, 10_000), oracle(0, 9_000), kedaRps("0.3x", 0, 30_000));
    // Not bursty: not counted, however it does.
    ScenarioEvaluation steps =
        Evaluations.of(
            "s", "steps", headroom(500, 10_000), oracle(0, 9_000), kedaRps("0.9x", 1, 8_000));

    assertThat(EvaluationSummary.burstyWithinTwiceKeda(within)).isTrue();
    assertThat(EvaluationSummary.burstyWithinTwiceKeda(beyond)).isFalse();
    assertThat(EvaluationSummary.burstyWithinTwiceKeda(noKeda)).isTrue();
    EvaluationSummary s = EvaluationSummary.of(List.of(within, beyond, noKeda, steps));
    assertThat(s.bursty()).isEqualTo(3);
    assertThat(s.burstyWithinTwiceKeda()).isEqualTo(2);
  }
}
