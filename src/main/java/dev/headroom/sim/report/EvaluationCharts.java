package dev.headroom.sim.report;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.headroom.sim.evaluate.Pareto;
import dev.headroom.sim.evaluate.Point;
import dev.headroom.sim.evaluate.ScenarioEvaluation;
import dev.headroom.sim.evaluate.Settings;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The evaluation page's charts, all scatter plots: the summary's one point per scenario, and per
 * scenario its settings as (replica-seconds, violation-seconds) with each baseline family's Pareto
 * frontier drawn as a line.
 */
final class EvaluationCharts {
  /** The families of the baseline sweep, in the order they are drawn and listed. */
  static final List<String> BASELINE_FAMILIES =
      List.of(Settings.HPA, Settings.KEDA_LATENCY, Settings.KEDA_RPS);

  static final String HEADROOM_COLOR = "#1f77b4";
  static final String ORACLE_COLOR = "#2ca02c";
  static final String NOT_DOMINATED_COLOR = "#2ca02c";
  static final String DOMINATED_COLOR = "#d62728";
  private static final String GUIDE_COLOR = "#555555";

  /** Enough to keep replica-seconds exact (a day of 1000 pods is 8 digits) and ratios precise. */
  private static final int DIGITS = 10;

  /** The summary's targets drawn as guides: replica-s vs the oracle's and violation share. */
  static final double ORACLE_RATIO_TARGET = 1.15;

  static final double VIOLATION_PERCENT_TARGET = 1;

  private EvaluationCharts() {}

  /** How a series is drawn; the page's script knows each. */
  enum Style {
    /** A line through the points (a family's frontier). */
    FRONTIER,
    /** Hollow points, no line (every setting of a family). */
    SETTINGS,
    /** One large star. */
    HEADROOM,
    /** One large triangle. */
    ORACLE,
    /** Filled points that link to their scenario (the summary). */
    SCENARIOS,
    /** Hollow points that link to their scenario. */
    SCENARIOS_HOLLOW,
    /** A dashed line without points (a target). */
    GUIDE
  }

  /**
   * One point.
   *
   * @param label the tooltip's name for it (a setting's or a scenario's)
   * @param link the element id a click goes to, or empty
   */
  record XY(double x, double y, String label, String link) {}

  record Series(String label, String color, Style style, List<XY> points) {}

  /**
   * One chart.
   *
   * @param canvasId its canvas element's id, built from positions only (never from names)
   */
  record Chart(String canvasId, String xTitle, String yTitle, List<Series> series) {}

  static String familyColor(String family) {
    return switch (family) {
      case Settings.HPA -> "#ff7f0e";
      case Settings.KEDA_LATENCY -> "#9467bd";
      case Settings.KEDA_RPS -> "#8c564b";
      case Settings.ORACLE -> ORACLE_COLOR;
      default -> HEADROOM_COLOR;
    };
  }

  /** Violation-seconds against replica-seconds for every setting run on one scenario. */
  static Chart pareto(String canvasId, ScenarioEvaluation evaluation) {
    List<Series> series = new ArrayList<>();
    for (String family : BASELINE_FAMILIES) {
      List<Point> members = evaluation.family(family);
      if (members.isEmpty()) {
        continue;
      }
      String color = familyColor(family);
      series.add(
          new Series(
              family + " frontier", color, Style.FRONTIER, points(Pareto.frontier(members))));
      series.add(new Series(family + " settings", color, Style.SETTINGS, points(members)));
    }
    series.add(
        new Series(
            Settings.HEADROOM,
            HEADROOM_COLOR,
            Style.HEADROOM,
            points(evaluation.family(Settings.HEADROOM))));
    series.add(
        new Series(
            Settings.ORACLE,
            ORACLE_COLOR,
            Style.ORACLE,
            points(evaluation.family(Settings.ORACLE))));
    return new Chart(canvasId, "replica-seconds", "violation-seconds", List.copyOf(series));
  }

  private static List<XY> points(List<Point> points) {
    return points.stream()
        .map(p -> new XY(p.replicaSeconds(), p.violationSeconds(), p.label(), ""))
        .toList();
  }

  /**
   * Every scenario's Headroom point as (replica-s over the oracle's, share of the time violated in
   * %), dominated or not, hollow where the oracle itself misses its budgets (the ratio targets do
   * not apply there); the targets as dashed guides.
   *
   * @param links each scenario's element id, in the order of {@code evaluations}
   */
  static Chart summary(String canvasId, List<ScenarioEvaluation> evaluations, List<String> links) {
    List<XY> notDominated = new ArrayList<>();
    List<XY> dominated = new ArrayList<>();
    List<XY> notDominatedOracleMisses = new ArrayList<>();
    List<XY> dominatedOracleMisses = new ArrayList<>();
    double minX = ORACLE_RATIO_TARGET;
    double maxX = ORACLE_RATIO_TARGET;
    double maxY = VIOLATION_PERCENT_TARGET;
    for (int index = 0; index < evaluations.size(); index++) {
      ScenarioEvaluation e = evaluations.get(index);
      XY point =
          new XY(
              e.replicaSecondsVsOracle(), 100 * e.violationShare(), e.scenario(), links.get(index));
      minX = Math.min(minX, point.x());
      maxX = Math.max(maxX, point.x());
      maxY = Math.max(maxY, point.y());
      boolean meets = e.oracleMeetsBudgets();
      if (e.dominated()) {
        (meets ? dominated : dominatedOracleMisses).add(point);
      } else {
        (meets ? notDominated : notDominatedOracleMisses).add(point);
      }
    }
    List<Series> series = new ArrayList<>();
    addIfAny(series, "not dominated", NOT_DOMINATED_COLOR, Style.SCENARIOS, notDominated);
    addIfAny(series, "dominated", DOMINATED_COLOR, Style.SCENARIOS, dominated);
    addIfAny(
        series,
        "not dominated (oracle misses its budgets)",
        NOT_DOMINATED_COLOR,
        Style.SCENARIOS_HOLLOW,
        notDominatedOracleMisses);
    addIfAny(
        series,
        "dominated (oracle misses its budgets)",
        DOMINATED_COLOR,
        Style.SCENARIOS_HOLLOW,
        dominatedOracleMisses);
    double left = Math.min(minX, 1) * 0.95;
    double right = maxX * 1.05;
    double top = maxY * 1.05;
    series.add(
        new Series(
            "target: median replica-s <= 1.15 x the oracle's",
            GUIDE_COLOR,
            Style.GUIDE,
            List.of(
                new XY(ORACLE_RATIO_TARGET, 0, "", ""), new XY(ORACLE_RATIO_TARGET, top, "", ""))));
    series.add(
        new Series(
            "target: median violation <= 1 % of the time",
            GUIDE_COLOR,
            Style.GUIDE,
            List.of(
                new XY(left, VIOLATION_PERCENT_TARGET, "", ""),
                new XY(right, VIOLATION_PERCENT_TARGET, "", ""))));
    return new Chart(
        canvasId,
        "Headroom's replica-seconds / the oracle's",
        "% of the time Headroom violates a budget",
        List.copyOf(series));
  }

  private static void addIfAny(
      List<Series> series, String label, String color, Style style, List<XY> points) {
    if (!points.isEmpty()) {
      series.add(new Series(label, color, style, List.copyOf(points)));
    }
  }

  static void write(JsonGenerator json, List<Chart> charts) throws IOException {
    json.writeStartObject();
    json.writeArrayFieldStart("charts");
    for (Chart chart : charts) {
      json.writeStartObject();
      json.writeStringField("canvas", chart.canvasId());
      json.writeStringField("xTitle", chart.xTitle());
      json.writeStringField("yTitle", chart.yTitle());
      json.writeArrayFieldStart("datasets");
      for (Series series : chart.series()) {
        writeSeries(json, series);
      }
      json.writeEndArray();
      json.writeEndObject();
    }
    json.writeEndArray();
    json.writeEndObject();
  }

  private static void writeSeries(JsonGenerator json, Series series) throws IOException {
    json.writeStartObject();
    json.writeStringField("label", series.label());
    json.writeStringField("color", series.color());
    json.writeStringField("style", series.style().name().toLowerCase(Locale.ROOT));
    json.writeArrayFieldStart("points");
    for (XY point : series.points()) {
      json.writeStartArray();
      JsonText.number(json, Numbers.significant(point.x(), DIGITS));
      JsonText.number(json, Numbers.significant(point.y(), DIGITS));
      if (!point.label().isEmpty() || !point.link().isEmpty()) {
        json.writeString(point.label());
      }
      if (!point.link().isEmpty()) {
        json.writeString(point.link());
      }
      json.writeEndArray();
    }
    json.writeEndArray();
    json.writeEndObject();
  }
}
