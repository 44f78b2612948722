package dev.headroom.sim.evaluate;

import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/** The evaluation as a terminal table: one line per scenario, then the summary. */
public final class EvaluationText {
  private EvaluationText() {}

  public static String render(List<ScenarioEvaluation> evaluations) {
    StringBuilder out = new StringBuilder();
    String format = "%-34s %-10s %8s %9s %8s %7s %-22s %7s  %s%n";
    out.append(
        String.format(
            Locale.ROOT,
            format,
            "scenario",
            "group",
            "viol s",
            "replica-s",
            "oracle v",
            "x orac",
            "cheapest no-worse",
            "x that",
            "dominated by"));
    for (ScenarioEvaluation e : evaluations) {
      out.append(
          String.format(
              Locale.ROOT,
              format,
              e.scenario(),
              e.group(),
              e.headroom().violationSeconds(),
              e.headroom().replicaSeconds(),
              e.oracle().violationSeconds(),
              String.format(Locale.ROOT, "%.2f", e.replicaSecondsVsOracle()),
              e.cheapestNoWorseBaseline().map(Point::label).orElse("-"),
              ratio(e.replicaSecondsVsCheapestNoWorse()),
              e.dominated()
                  ? String.join(", ", e.dominatedBy().stream().map(Point::label).toList())
                  : "-"));
    }
    out.append(summary(EvaluationSummary.of(evaluations)));
    return out.toString();
  }

  public static String summary(EvaluationSummary s) {
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "%n== evaluation over %d scenarios ==%n", s.scenarios()));
    out.append(
        String.format(
            Locale.ROOT,
            "not dominated by any HPA or KEDA setting: %d of %d (%.1f %%; target >= 95 %%)%n",
            s.notDominated(),
            s.scenarios(),
            100 * s.notDominatedShare()));
    out.append(
        String.format(
            Locale.ROOT,
            "where the oracle meets its budgets (%d scenarios): replica-s vs oracle median %s"
                + " (target <= 1.15), p90 %s (target <= 1.30); violation median %s of the time"
                + " (target <= 1 %%)%n",
            s.oracleMeets(),
            ratio(s.vsOracleMedian()),
            ratio(s.vsOracleP90()),
            percent(s.violationShareMedian())));
    out.append(
        String.format(
            Locale.ROOT,
            "replica-s vs the cheapest baseline setting that violates no more: median %s%n",
            ratio(s.vsCheapestNoWorseMedian())));
    out.append(
        String.format(
            Locale.ROOT,
            "bursty arrivals: violation <= 2 x the best KEDA setting's at no more replica-s on"
                + " %d of %d%n",
            s.burstyWithinTwiceKeda(),
            s.bursty()));
    return out.toString();
  }

  static String ratio(OptionalDouble value) {
    return value.isPresent() ? String.format(Locale.ROOT, "%.2f", value.getAsDouble()) : "-";
  }

  static String percent(OptionalDouble value) {
    return value.isPresent()
        ? String.format(Locale.ROOT, "%.2f %%", 100 * value.getAsDouble())
        : "-";
  }
}
