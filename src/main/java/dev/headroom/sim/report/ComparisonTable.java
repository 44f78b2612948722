package dev.headroom.sim.report;

import java.util.List;

/**
 * The scores side by side for people: a fixed-width table per scenario for a terminal, and the same
 * as Markdown for docs/benchmarks.md. Each scenario shows per controller the violation seconds per
 * budget, any and latency violation seconds, replica-, core- and GiB-seconds, scaling actions,
 * direction changes (total and the most per load change) and the slowest recovery ({@code never} if
 * a load change was never recovered from, {@code n/a} without load changes), then Headroom's ratios
 * against the HPA and the oracle; a summary block closes with totals and the set's ratios.
 */
public final class ComparisonTable {

  private ComparisonTable() {}

  public static String plainText(BenchmarkScores scores) {
    StringBuilder out = new StringBuilder();
    for (ScenarioScores scenario : scores.scenarios()) {
      out.append("== ").append(PlainText.oneLine(scenario.scenario())).append(" ==\n");
      out.append(PlainText.oneLine(scenario.description())).append("\n\n");
      out.append(ScoreTables.scenario(scenario).plain()).append('\n');
      appendPlainLines(out, ScoreTables.ratioLines(scenario.ratios()));
      out.append('\n');
    }
    out.append("== summary over ").append(scores.summary().scenarios()).append(" scenarios ==\n\n");
    out.append(ScoreTables.totals(scores.summary()).plain()).append('\n');
    appendPlainLines(out, ScoreTables.ratioLines(scores.summary().ratios()));
    return out.toString();
  }

  public static String markdown(BenchmarkScores scores) {
    StringBuilder out = new StringBuilder();
    for (ScenarioScores scenario : scores.scenarios()) {
      out.append("### ").append(PlainText.markdown(scenario.scenario())).append("\n\n");
      out.append(PlainText.markdown(scenario.description())).append("\n\n");
      out.append(ScoreTables.scenario(scenario).markdown()).append('\n');
      appendMarkdownList(out, ScoreTables.ratioLines(scenario.ratios()));
      out.append('\n');
    }
    out.append("### Summary over ").append(scores.summary().scenarios()).append(" scenarios\n\n");
    out.append(ScoreTables.totals(scores.summary()).markdown()).append('\n');
    appendMarkdownList(out, ScoreTables.ratioLines(scores.summary().ratios()));
    return out.toString();
  }

  private static void appendPlainLines(StringBuilder out, List<String> lines) {
    for (String line : lines) {
      out.append(line).append('\n');
    }
  }

  private static void appendMarkdownList(StringBuilder out, List<String> lines) {
    for (String line : lines) {
      out.append("- ").append(line).append('\n');
    }
  }
}
