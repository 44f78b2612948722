package dev.headroom.sim.report;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.headroom.sim.BudgetInfo;
import dev.headroom.sim.ControllerRun;
import dev.headroom.sim.ScenarioRun;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * One self-contained HTML page that opens offline: Chart.js, styles, script and data are all
 * inlined, and the page references no URL. Per scenario: its budgets, the score table and ratios,
 * and per controller a chart each of load, replicas (spec and ready, scaling events as points) and
 * every latency budget's true value against its target. Series longer than {@link
 * #MAX_POINTS_PER_SERIES} are thinned keeping each bucket's minimum and maximum, so spikes stay
 * visible. All text is escaped: HTML entities in markup, and {@code <}, {@code >}, {@code &} as
 * JSON escapes in the embedded data, so no name or note can end a script element.
 */
public final class HtmlReport {

  /** Browsers draw a few thousand points per chart comfortably, not a day's 86 400. */
  public static final int MAX_POINTS_PER_SERIES = 1500;

  static final String TITLE = "Headroom simulator report";
  private static final String RESOURCES = "dev/headroom/sim/report/";

  private HtmlReport() {}

  public static String render(List<ScenarioRun> scenarios) {
    BenchmarkScores scores = ScoreCalculator.scoreAll(scenarios);
    List<ChartSpec> charts = new ArrayList<>();
    StringBuilder body = new StringBuilder();
    body.append("<header>\n<h1>").append(Html.escape(TITLE)).append("</h1>\n");
    body.append("<p>Scores are computed from the model's true values, second by second.</p>\n");
    body.append("</header>\n");
    appendNavigation(body, scores);
    appendSummary(body, scores.summary());
    for (int index = 0; index < scenarios.size(); index++) {
      appendScenario(body, index, scenarios.get(index), scores.scenarios().get(index), charts);
    }
    return page(body.toString(), charts);
  }

  public static void write(List<ScenarioRun> scenarios, Path file) throws IOException {
    Files.writeString(file, render(scenarios), StandardCharsets.UTF_8);
  }

  private static void appendNavigation(StringBuilder body, BenchmarkScores scores) {
    body.append("<nav>\n<ul>\n<li><a href=\"#summary\">summary</a></li>\n");
    for (int index = 0; index < scores.scenarios().size(); index++) {
      body.append("<li><a href=\"#")
          .append(scenarioId(index))
          .append("\">")
          .append(Html.escape(scores.scenarios().get(index).scenario()))
          .append("</a></li>\n");
    }
    body.append("</ul>\n</nav>\n");
  }

  private static void appendSummary(StringBuilder body, Summary summary) {
    body.append("<section id=\"summary\">\n<h2>Summary over ")
        .append(summary.scenarios())
        .append(" scenarios</h2>\n");
    body.append(ScoreTables.totals(summary).html());
    appendList(body, ScoreTables.ratioLines(summary.ratios()));
    body.append("</section>\n");
  }

  private static void appendScenario(
      StringBuilder body,
      int index,
      ScenarioRun scenario,
      ScenarioScores scores,
      List<ChartSpec> charts) {
    body.append("<section class=\"scenario\" id=\"").append(scenarioId(index)).append("\">\n");
    body.append("<h2>").append(Html.escape(scenario.scenario())).append("</h2>\n");
    body.append("<p class=\"description\">")
        .append(Html.escape(scenario.description()))
        .append("</p>\n");
    appendList(body, scenario.budgets().stream().map(HtmlReport::describe).toList());
    body.append(ScoreTables.scenario(scores).html());
    appendList(body, ScoreTables.ratioLines(scores.ratios()));
    List<ControllerRun> runs =
        scenario.runs().stream()
            .sorted(Comparator.comparing(ControllerRun::controller, ControllerNames.REPORT_ORDER))
            .toList();
    for (int controller = 0; controller < runs.size(); controller++) {
      ControllerRun run = runs.get(controller);
      String idPrefix = scenarioId(index) + "-chart-" + controller;
      List<ChartSpec> runCharts =
          ChartSpecs.forRun(idPrefix, scenario.budgets(), run, MAX_POINTS_PER_SERIES);
      appendControllerCharts(body, run.controller(), runCharts);
      charts.addAll(runCharts);
    }
    body.append("</section>\n");
  }

  private static void appendControllerCharts(
      StringBuilder body, String controller, List<ChartSpec> charts) {
    body.append("<div class=\"controller\">\n<h3>")
        .append(Html.escape(controller))
        .append("</h3>\n");
    body.append("<div class=\"charts\">\n");
    for (ChartSpec chart : charts) {
      String caption = controller + ": " + chart.title();
      body.append("<figure><figcaption>")
          .append(Html.escape(caption))
          .append("</figcaption><div class=\"chart\"><canvas id=\"")
          .append(chart.canvasId())
          .append("\" role=\"img\" aria-label=\"")
          .append(Html.escape(caption))
          .append("\"></canvas></div></figure>\n");
    }
    body.append("</div>\n</div>\n");
  }

  private static String describe(BudgetInfo budget) {
    String comparison = budget.higherIsWorse() ? " at most " : " at least ";
    String text =
        budget.name()
            + comparison
            + Numbers.exact(budget.target()).orElse(ScoreTables.NO_VALUE)
            + " "
            + budget.unit();
    if (!Double.isNaN(budget.critical())) {
      text +=
          " (critical "
              + Numbers.exact(budget.critical()).orElseThrow()
              + " "
              + budget.unit()
              + ")";
    }
    return text;
  }

  private static void appendList(StringBuilder body, List<String> lines) {
    body.append("<ul>\n");
    for (String line : lines) {
      body.append("<li>").append(Html.escape(line)).append("</li>\n");
    }
    body.append("</ul>\n");
  }

  private static String scenarioId(int index) {
    return "scenario-" + (index + 1);
  }

  private static String page(String body, List<ChartSpec> charts) {
    return "<!DOCTYPE html>\n"
        + "<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        + "<title>"
        + Html.escape(TITLE)
        + "</title>\n<style>\n"
        + resource("report.css")
        + "</style>\n"
        + chartJsElement()
        + "</head>\n<body>\n"
        + body
        + "<script id=\"report-data\" type=\"application/json\">"
        + chartData(charts)
        + "</script>\n<script>\n"
        + resource("report.js")
        + "</script>\n</body>\n</html>\n";
  }

  /**
   * The charts as JSON, fit to sit inside a script element: {@code <}, {@code >} and {@code &} can
   * only occur inside JSON strings, where their \\u escapes mean the same; U+2028 and U+2029 are
   * escaped for older JavaScript parsers.
   */
  static String chartData(List<ChartSpec> charts) {
    return scriptSafe(JsonText.compact(generator -> writeCharts(generator, charts)));
  }

  /** Chart.js with its licence in a script element, for the pages of this package. */
  static String chartJsElement() {
    return "<script>\n/*\nChart.js "
        + ChartJsBundle.VERSION
        + ", inlined so that this page opens offline. Its licence:\n\n"
        + ChartJsBundle.licence()
        + "\n*/\n"
        + ChartJsBundle.script()
        + "\n</script>\n";
  }

  /** JSON made fit to sit inside a script element, as {@link #chartData} describes. */
  static String scriptSafe(String json) {
    return json.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029");
  }

  private static void writeCharts(JsonGenerator json, List<ChartSpec> charts) throws IOException {
    json.writeStartObject();
    json.writeArrayFieldStart("charts");
    for (ChartSpec chart : charts) {
      json.writeStartObject();
      json.writeStringField("canvas", chart.canvasId());
      json.writeStringField("title", chart.title());
      json.writeStringField("yTitle", chart.yTitle());
      json.writeNumberField("durationSeconds", chart.durationSeconds());
      json.writeArrayFieldStart("datasets");
      for (ChartSpec.Dataset dataset : chart.datasets()) {
        writeDataset(json, dataset);
      }
      json.writeEndArray();
      json.writeEndObject();
    }
    json.writeEndArray();
    json.writeEndObject();
  }

  private static void writeDataset(JsonGenerator json, ChartSpec.Dataset dataset)
      throws IOException {
    json.writeStartObject();
    json.writeStringField("label", dataset.label());
    json.writeStringField("color", dataset.color());
    json.writeStringField("style", dataset.style().name().toLowerCase(Locale.ROOT));
    json.writeArrayFieldStart("points");
    for (ChartSpec.ChartPoint point : dataset.points()) {
      json.writeStartArray();
      json.writeNumber(point.second());
      JsonText.number(json, Numbers.significant(point.value(), 6));
      if (!point.note().isEmpty()) {
        json.writeString(point.note());
      }
      json.writeEndArray();
    }
    json.writeEndArray();
    json.writeEndObject();
  }

  /** A text resource of this package (styles, scripts). */
  static String resource(String name) {
    try (InputStream in = HtmlReport.class.getClassLoader().getResourceAsStream(RESOURCES + name)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCES + name + " is missing from the class path");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + name, e);
    }
  }
}
