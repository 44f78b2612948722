package dev.headroom.sim.report;

import dev.headroom.sim.evaluate.EvaluationSummary;
import dev.headroom.sim.evaluate.Pareto;
import dev.headroom.sim.evaluate.Point;
import dev.headroom.sim.evaluate.ScenarioEvaluation;
import dev.headroom.sim.evaluate.Settings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * The evaluation of a set of scenarios against the baseline frontiers as one self-contained page
 * that opens offline, like {@link HtmlReport}: Chart.js, styles, script and data inlined, no URL.
 * First the summary: the figures the targets are stated in, a table per group and a scatter of
 * every scenario's Headroom point against the oracle. Then per scenario its Pareto chart (each
 * baseline family's settings and frontier, Headroom and the oracle), its verdict and the table of
 * its settings. Charts are drawn as they scroll into view, so a page of hundreds of scenarios stays
 * light. All text is escaped; the same evaluations give the same bytes.
 */
public final class EvaluationHtml {
  static final String TITLE = "Headroom evaluation against baseline frontiers";
  static final String SUMMARY_CANVAS = "summary-chart";

  private static final String NO_VALUE = "-";

  private EvaluationHtml() {}

  public static String render(List<ScenarioEvaluation> evaluations) {
    List<String> ids = new ArrayList<>();
    for (int index = 0; index < evaluations.size(); index++) {
      ids.add(scenarioId(index));
    }
    List<EvaluationCharts.Chart> charts = new ArrayList<>();
    charts.add(EvaluationCharts.summary(SUMMARY_CANVAS, evaluations, ids));
    StringBuilder body = new StringBuilder();
    body.append("<header>\n<h1>").append(Html.escape(TITLE)).append("</h1>\n");
    body.append("<p>")
        .append(
            Html.escape(
                "Every scenario is run with Headroom, the clairvoyant oracle and a sweep of"
                    + " baseline settings: the HPA at CPU targets 30-90 %, KEDA's latency trigger"
                    + " and its request-rate trigger at a range of thresholds. Headroom is"
                    + " dominated when a baseline setting is no worse on both violation-seconds"
                    + " and replica-seconds and better on one (figures within 1 % count as"
                    + " equal)."))
        .append("</p>\n");
    body.append("</header>\n");
    appendNavigation(body, evaluations);
    appendSummary(body, evaluations);
    for (int index = 0; index < evaluations.size(); index++) {
      EvaluationCharts.Chart chart =
          EvaluationCharts.pareto(ids.get(index) + "-pareto", evaluations.get(index));
      appendScenario(body, ids.get(index), evaluations.get(index), chart);
      charts.add(chart);
    }
    return page(body.toString(), charts);
  }

  public static void write(List<ScenarioEvaluation> evaluations, Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(file, render(evaluations), StandardCharsets.UTF_8);
  }

  private static void appendNavigation(StringBuilder body, List<ScenarioEvaluation> evaluations) {
    body.append("<nav>\n<ul>\n<li><a href=\"#summary\">summary</a></li>\n");
    for (int index = 0; index < evaluations.size(); index++) {
      ScenarioEvaluation e = evaluations.get(index);
      body.append("<li><a href=\"#")
          .append(scenarioId(index))
          .append("\">")
          .append(Html.escape(e.scenario()))
          .append("</a>");
      if (e.dominated()) {
        body.append(" <span class=\"dominated\">dominated</span>");
      }
      body.append("</li>\n");
    }
    body.append("</ul>\n</nav>\n");
  }

  private static void appendSummary(StringBuilder body, List<ScenarioEvaluation> evaluations) {
    EvaluationSummary s = EvaluationSummary.of(evaluations);
    body.append("<section id=\"summary\">\n<h2>Summary over ")
        .append(s.scenarios())
        .append(" scenarios</h2>\n");
    body.append(figures(s).html());
    body.append("<h3>By group</h3>\n");
    body.append(groups(evaluations).html());
    body.append("<h3>Headroom on every scenario</h3>\n");
    String caption =
        "Headroom's replica-seconds over the oracle's against the share of the time it violates a"
            + " budget, one point per scenario (click one to go to it); hollow where the oracle"
            + " itself misses its budgets";
    appendChart(body, SUMMARY_CANVAS, caption, "chart summary");
    body.append("</section>\n");
  }

  /** The figures the targets are stated in, each with its target and whether it is met. */
  static TextTable figures(EvaluationSummary s) {
    TextTable table =
        new TextTable(
            List.of(
                new TextTable.Column("figure", TextTable.Align.LEFT),
                new TextTable.Column("value", TextTable.Align.RIGHT),
                new TextTable.Column("target", TextTable.Align.LEFT),
                new TextTable.Column("met", TextTable.Align.LEFT)));
    table.addRow(
        List.of(
            "not dominated by any HPA or KEDA setting",
            s.scenarios() == 0
                ? NO_VALUE
                : s.notDominated()
                    + " of "
                    + s.scenarios()
                    + " ("
                    + percent(s.notDominatedShare())
                    + ")",
            ">= 95 %",
            s.scenarios() == 0 ? NO_VALUE : yesNo(s.notDominatedShare() >= 0.95)));
    String where = " (where the oracle meets its budgets: " + s.oracleMeets() + " scenarios)";
    table.addRow(
        List.of(
            "replica-s vs the oracle's, median" + where,
            ratio(s.vsOracleMedian()),
            "<= 1.15",
            met(s.vsOracleMedian(), 1.15)));
    table.addRow(
        List.of(
            "replica-s vs the oracle's, p90" + where,
            ratio(s.vsOracleP90()),
            "<= 1.30",
            met(s.vsOracleP90(), 1.30)));
    table.addRow(
        List.of(
            "share of the time Headroom violates a budget, median" + where,
            percent(s.violationShareMedian()),
            "<= 1 %",
            met(s.violationShareMedian(), 0.01)));
    table.addRow(
        List.of(
            "replica-s vs the cheapest baseline setting that violates no more, median",
            ratio(s.vsCheapestNoWorseMedian()),
            NO_VALUE,
            NO_VALUE));
    table.addRow(
        List.of(
            "bursty arrivals: violation <= 2 x the best KEDA setting's at no more replica-s",
            s.bursty() == 0 ? NO_VALUE : s.burstyWithinTwiceKeda() + " of " + s.bursty(),
            "all",
            s.bursty() == 0 ? NO_VALUE : yesNo(s.burstyWithinTwiceKeda() == s.bursty())));
    return table;
  }

  /** Per group (generator family, or built-in / file): counts and medians. */
  static TextTable groups(List<ScenarioEvaluation> evaluations) {
    Map<String, List<ScenarioEvaluation>> byGroup = new TreeMap<>();
    for (ScenarioEvaluation e : evaluations) {
      byGroup.computeIfAbsent(e.group(), group -> new ArrayList<>()).add(e);
    }
    TextTable table =
        new TextTable(
            List.of(
                new TextTable.Column("group", TextTable.Align.LEFT),
                new TextTable.Column("scenarios", TextTable.Align.RIGHT),
                new TextTable.Column("dominated", TextTable.Align.RIGHT),
                new TextTable.Column("oracle meets budgets", TextTable.Align.RIGHT),
                new TextTable.Column("replica-s vs oracle, median", TextTable.Align.RIGHT),
                new TextTable.Column("violation share, median", TextTable.Align.RIGHT)));
    for (Map.Entry<String, List<ScenarioEvaluation>> group : byGroup.entrySet()) {
      EvaluationSummary s = EvaluationSummary.of(group.getValue());
      table.addRow(
          List.of(
              group.getKey(),
              Integer.toString(s.scenarios()),
              Integer.toString(s.scenarios() - s.notDominated()),
              Integer.toString(s.oracleMeets()),
              ratio(s.vsOracleMedian()),
              percent(s.violationShareMedian())));
    }
    return table;
  }

  private static void appendScenario(
      StringBuilder body, String id, ScenarioEvaluation e, EvaluationCharts.Chart chart) {
    body.append("<section class=\"scenario\" id=\"").append(id).append("\">\n");
    body.append("<h2>").append(Html.escape(e.scenario())).append("</h2>\n");
    body.append("<p class=\"description\">").append(Html.escape(e.description())).append("</p>\n");
    body.append("<p class=\"verdict ")
        .append(e.dominated() ? "dominated" : "not-dominated")
        .append("\">")
        .append(
            Html.escape(
                e.dominated()
                    ? "Dominated by " + labels(e.dominatedBy())
                    : "Not dominated by any baseline setting"))
        .append("</p>\n");
    appendList(body, verdict(e));
    body.append("<div class=\"evaluation\">\n");
    appendChart(
        body,
        chart.canvasId(),
        e.scenario() + ": violation-seconds against replica-seconds of every setting",
        "chart pareto");
    body.append(settings(e).html());
    body.append("</div>\n</section>\n");
  }

  /** One scenario's figures and verdict, as lines. */
  static List<String> verdict(ScenarioEvaluation e) {
    List<String> lines = new ArrayList<>();
    lines.add("group: " + e.group() + "; " + e.durationSeconds() + " s");
    Point headroom = e.headroom();
    Point oracle = e.oracle();
    lines.add(
        "Headroom: "
            + headroom.violationSeconds()
            + " violation-s ("
            + percent(e.violationShare())
            + " of the time), "
            + headroom.replicaSeconds()
            + " replica-s");
    lines.add(
        "oracle: "
            + oracle.violationSeconds()
            + " violation-s, "
            + oracle.replicaSeconds()
            + " replica-s; it "
            + (e.oracleMeetsBudgets() ? "meets" : "misses")
            + " its budgets (at most 1 % of the time violated)");
    lines.add("Headroom's replica-s vs the oracle's: " + ratio(e.replicaSecondsVsOracle()));
    Optional<Point> cheapest = e.cheapestNoWorseBaseline();
    lines.add(
        cheapest.isPresent()
            ? "cheapest baseline setting that violates no more: "
                + cheapest.get().label()
                + " ("
                + cheapest.get().violationSeconds()
                + " violation-s, "
                + cheapest.get().replicaSeconds()
                + " replica-s); Headroom pays "
                + ratio(e.replicaSecondsVsCheapestNoWorse())
                + " x its replica-s"
            : "no baseline setting violates no more than Headroom");
    Optional<Point> keda = e.bestKedaAtNoMoreReplicas();
    lines.add(
        keda.isPresent()
            ? "best KEDA setting at no more replica-s: "
                + keda.get().label()
                + " ("
                + keda.get().violationSeconds()
                + " violation-s); Headroom within 2 x its violation: "
                + yesNo(EvaluationSummary.burstyWithinTwiceKeda(e))
            : "no KEDA setting pays no more replica-s than Headroom");
    return lines;
  }

  /** Every setting run on the scenario, in sweep order, with how it compares to Headroom. */
  static TextTable settings(ScenarioEvaluation e) {
    TextTable table =
        new TextTable(
            List.of(
                new TextTable.Column("setting", TextTable.Align.LEFT),
                new TextTable.Column("violation-s", TextTable.Align.RIGHT),
                new TextTable.Column("replica-s", TextTable.Align.RIGHT),
                new TextTable.Column("x Headroom's replica-s", TextTable.Align.RIGHT),
                new TextTable.Column("on its family's frontier", TextTable.Align.LEFT),
                new TextTable.Column("vs Headroom", TextTable.Align.LEFT)));
    Point headroom = e.headroom();
    List<Point> frontier = new ArrayList<>();
    for (String family : EvaluationCharts.BASELINE_FAMILIES) {
      frontier.addAll(Pareto.frontier(e.family(family)));
    }
    for (Point p : e.points()) {
      boolean isHeadroom = p.family().equals(Settings.HEADROOM);
      table.addRow(
          List.of(
              p.label(),
              Integer.toString(p.violationSeconds()),
              Long.toString(p.replicaSeconds()),
              ratio((double) p.replicaSeconds() / Math.max(1, headroom.replicaSeconds())),
              p.isBaseline() ? (frontier.contains(p) ? "yes" : "no") : NO_VALUE,
              isHeadroom ? NO_VALUE : comparison(p, headroom)));
    }
    return table;
  }

  private static String comparison(Point p, Point headroom) {
    if (Pareto.dominates(p, headroom)) {
      return "dominates Headroom";
    }
    if (Pareto.dominates(headroom, p)) {
      return "dominated by Headroom";
    }
    boolean noMoreViolation = Pareto.violatesNoMore(p, headroom);
    boolean noMoreReplicas = Pareto.paysNoMore(p, headroom);
    if (noMoreViolation && noMoreReplicas) {
      return "tie";
    }
    return noMoreViolation ? "violates less, costs more" : "costs less, violates more";
  }

  private static void appendChart(
      StringBuilder body, String canvasId, String caption, String classes) {
    body.append("<figure><figcaption>")
        .append(Html.escape(caption))
        .append("</figcaption><div class=\"")
        .append(classes)
        .append("\"><canvas id=\"")
        .append(canvasId)
        .append("\" role=\"img\" aria-label=\"")
        .append(Html.escape(caption))
        .append("\"></canvas></div></figure>\n");
  }

  private static void appendList(StringBuilder body, List<String> lines) {
    body.append("<ul>\n");
    for (String line : lines) {
      body.append("<li>").append(Html.escape(line)).append("</li>\n");
    }
    body.append("</ul>\n");
  }

  private static String labels(List<Point> points) {
    return String.join(", ", points.stream().map(Point::label).toList());
  }

  private static String scenarioId(int index) {
    return "scenario-" + (index + 1);
  }

  private static String yesNo(boolean value) {
    return value ? "yes" : "no";
  }

  private static String met(OptionalDouble value, double atMost) {
    return value.isPresent() ? yesNo(value.getAsDouble() <= atMost) : NO_VALUE;
  }

  private static String ratio(double value) {
    return Double.isFinite(value) ? String.format(Locale.ROOT, "%.2f", value) : NO_VALUE;
  }

  private static String ratio(OptionalDouble value) {
    return value.isPresent() ? ratio(value.getAsDouble()) : NO_VALUE;
  }

  private static String percent(double share) {
    return Double.isFinite(share) ? String.format(Locale.ROOT, "%.2f %%", 100 * share) : NO_VALUE;
  }

  private static String percent(OptionalDouble share) {
    return share.isPresent() ? percent(share.getAsDouble()) : NO_VALUE;
  }

  private static String page(String body, List<EvaluationCharts.Chart> charts) {
    return "<!DOCTYPE html>\n"
        + "<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        + "<title>"
        + Html.escape(TITLE)
        + "</title>\n<style>\n"
        + HtmlReport.resource("report.css")
        + HtmlReport.resource("evaluation.css")
        + "</style>\n"
        + HtmlReport.chartJsElement()
        + "</head>\n<body>\n"
        + body
        + "<script id=\"report-data\" type=\"application/json\">"
        + HtmlReport.scriptSafe(JsonText.compact(json -> EvaluationCharts.write(json, charts)))
        + "</script>\n<script>\n"
        + HtmlReport.resource("evaluation.js")
        + "</script>\n</body>\n</html>\n";
  }
}
