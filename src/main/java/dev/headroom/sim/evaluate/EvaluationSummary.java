package dev.headroom.sim.evaluate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalDouble;

/**
 * The figures the targets are stated in, over a set of evaluated scenarios.
 *
 * @param scenarios how many
 * @param notDominated how many Headroom is not dominated on by any baseline setting
 * @param oracleMeets how many the oracle meets its budgets on (at most 1 % of the time violated)
 * @param vsOracleMedian median of Headroom's replica-seconds over the oracle's, where it meets
 * @param vsOracleP90 the 90th percentile of the same
 * @param violationShareMedian median share of the time Headroom violates, where the oracle meets
 * @param vsCheapestNoWorseMedian median of Headroom's replica-seconds over the cheapest baseline
 *     that violates no more (where one does)
 * @param bursty scenarios of the bursty family
 * @param burstyWithinTwiceKeda of those, where Headroom's violation is at most twice that of the
 *     best KEDA setting paying no more replica-seconds (or no such setting exists)
 */
public record EvaluationSummary(
    int scenarios,
    int notDominated,
    int oracleMeets,
    OptionalDouble vsOracleMedian,
    OptionalDouble vsOracleP90,
    OptionalDouble violationShareMedian,
    OptionalDouble vsCheapestNoWorseMedian,
    int bursty,
    int burstyWithinTwiceKeda) {

  public double notDominatedShare() {
    return scenarios == 0 ? Double.NaN : (double) notDominated / scenarios;
  }

  public static EvaluationSummary of(List<ScenarioEvaluation> evaluations) {
    int notDominated = 0;
    List<Double> vsOracle = new ArrayList<>();
    List<Double> violationShare = new ArrayList<>();
    List<Double> vsCheapest = new ArrayList<>();
    int bursty = 0;
    int burstyOk = 0;
    for (ScenarioEvaluation e : evaluations) {
      if (!e.dominated()) {
        notDominated++;
      }
      if (e.oracleMeetsBudgets()) {
        vsOracle.add(e.replicaSecondsVsOracle());
        violationShare.add(e.violationShare());
      }
      e.replicaSecondsVsCheapestNoWorse().ifPresent(vsCheapest::add);
      if (e.group().equals("bursty")) {
        bursty++;
        if (burstyWithinTwiceKeda(e)) {
          burstyOk++;
        }
      }
    }
    return new EvaluationSummary(
        evaluations.size(),
        notDominated,
        vsOracle.size(),
        quantile(vsOracle, 0.5),
        quantile(vsOracle, 0.9),
        quantile(violationShare, 0.5),
        quantile(vsCheapest, 0.5),
        bursty,
        burstyOk);
  }

  /** Headroom's violation at most 2 × the best KEDA setting's at no more replica-seconds. */
  public static boolean burstyWithinTwiceKeda(ScenarioEvaluation e) {
    return e.bestKedaAtNoMoreReplicas()
        .map(k -> e.headroom().violationSeconds() <= 2 * k.violationSeconds())
        .orElse(true);
  }

  /** The q-quantile by linear interpolation between order statistics (NumPy's default). */
  static OptionalDouble quantile(List<Double> values, double q) {
    if (values.isEmpty()) {
      return OptionalDouble.empty();
    }
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(sorted);
    double position = q * (sorted.length - 1);
    int low = (int) Math.floor(position);
    int high = Math.min(low + 1, sorted.length - 1);
    return OptionalDouble.of(sorted[low] + (sorted[high] - sorted[low]) * (position - low));
  }
}
