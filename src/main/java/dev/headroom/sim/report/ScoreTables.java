package dev.headroom.sim.report;

import dev.headroom.sim.BudgetInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/** The tables and ratio lines every human-readable report shows, built once, rendered thrice. */
final class ScoreTables {
  static final String NO_VALUE = "n/a";
  static final String NEVER = "never";
  private static final int TABLE_DECIMALS = 1;

  private ScoreTables() {}

  /** One row per controller: violations per budget, then cost and stability. */
  static TextTable scenario(ScenarioScores scenario) {
    List<TextTable.Column> columns = new ArrayList<>();
    columns.add(new TextTable.Column("controller", TextTable.Align.LEFT));
    for (BudgetInfo budget : scenario.budgets()) {
      columns.add(numeric(budget.name() + " viol s"));
    }
    columns.add(numeric("any viol s"));
    columns.add(numeric("lat viol s"));
    columns.add(numeric("replica-s"));
    columns.add(numeric("core-s"));
    columns.add(numeric("GiB-s"));
    columns.add(numeric("actions"));
    columns.add(numeric("dir chg"));
    columns.add(numeric("max dir chg/interval"));
    columns.add(numeric("recovery s"));
    TextTable table = new TextTable(columns);
    for (Scores scores : scenario.controllers().values()) {
      List<String> row = new ArrayList<>();
      row.add(scores.controller());
      for (BudgetInfo budget : scenario.budgets()) {
        row.add(String.valueOf(scores.violationSeconds().getOrDefault(budget.name(), 0)));
      }
      row.add(String.valueOf(scores.anyViolationSeconds()));
      row.add(String.valueOf(scores.latencyViolationSeconds()));
      row.add(String.valueOf(scores.replicaSeconds()));
      row.add(decimal(scores.coreSeconds()));
      row.add(decimal(scores.memoryGiBSeconds()));
      row.add(String.valueOf(scores.scalingActions()));
      row.add(String.valueOf(scores.directionChanges()));
      row.add(String.valueOf(scores.directionChangesPerLoadChange()));
      row.add(slowestRecovery(scores));
      table.addRow(row);
    }
    return table;
  }

  /** One row per controller: sums over the scenarios it ran. */
  static TextTable totals(Summary summary) {
    TextTable table =
        new TextTable(
            List.of(
                new TextTable.Column("controller", TextTable.Align.LEFT),
                numeric("scenarios"),
                numeric("duration s"),
                numeric("any viol s"),
                numeric("lat viol s"),
                numeric("replica-s"),
                numeric("core-s"),
                numeric("GiB-s"),
                numeric("actions"),
                numeric("dir chg")));
    for (Map.Entry<String, ControllerTotals> entry : summary.totals().entrySet()) {
      ControllerTotals totals = entry.getValue();
      table.addRow(
          List.of(
              entry.getKey(),
              String.valueOf(totals.scenarios()),
              String.valueOf(totals.durationSeconds()),
              String.valueOf(totals.anyViolationSeconds()),
              String.valueOf(totals.latencyViolationSeconds()),
              String.valueOf(totals.replicaSeconds()),
              decimal(totals.coreSeconds()),
              decimal(totals.memoryGiBSeconds()),
              String.valueOf(totals.scalingActions()),
              String.valueOf(totals.directionChanges())));
    }
    return table;
  }

  static List<String> ratioLines(ScenarioRatios ratios) {
    return List.of(
        "headroom/hpa latency violation: " + ratio(ratios.latencyViolationVsHpa()),
        "headroom/hpa replica-seconds: " + ratio(ratios.replicaSecondsVsHpa()),
        "headroom/oracle replica-seconds: "
            + ratio(ratios.replicaSecondsVsOracle())
            + (ratios.oracleMeetsBudgets()
                ? " (oracle meets every budget)"
                : " (oracle violates a budget or did not run)"));
  }

  static List<String> ratioLines(SummaryRatios ratios) {
    return List.of(
        "headroom/hpa latency violation: " + ratio(ratios.latencyViolationVsHpa()),
        "headroom/hpa replica-seconds: " + ratio(ratios.replicaSecondsVsHpa()),
        "headroom/oracle replica-seconds: " + ratio(ratios.replicaSecondsVsOracle()),
        "headroom/oracle replica-seconds where the oracle meets every budget: "
            + ratio(ratios.replicaSecondsVsOracleWhereOracleMeetsBudgets())
            + " ("
            + ratios.scenariosWhereOracleMeetsBudgets()
            + " scenarios)");
  }

  static String ratio(Ratio ratio) {
    return ratio.value().isPresent()
        ? Numbers.fixed(ratio.value().getAsDouble(), Numbers.RATIO_DECIMALS).orElseThrow()
        : NO_VALUE;
  }

  static String slowestRecovery(Scores scores) {
    if (scores.neverRecovered()) {
      return NEVER;
    }
    OptionalInt slowest = scores.slowestRecoverySeconds();
    return slowest.isPresent() ? String.valueOf(slowest.getAsInt()) : NO_VALUE;
  }

  private static String decimal(double value) {
    return Numbers.fixed(value, TABLE_DECIMALS).orElse(NO_VALUE);
  }

  private static TextTable.Column numeric(String header) {
    return new TextTable.Column(header, TextTable.Align.RIGHT);
  }
}
