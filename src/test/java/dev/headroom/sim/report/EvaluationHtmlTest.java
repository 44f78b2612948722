package dev.headroom.sim.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.headroom.sim.evaluate.Evaluations;
import dev.headroom.sim.evaluate.Pareto;
import dev.headroom.sim.evaluate.Point;
import dev.headroom.sim.evaluate.ScenarioEvaluation;
import dev.headroom.sim.evaluate.Settings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluationHtmlTest {
  private static final String HOSTILE = "<script>alert(\"x\")</script> & 'co'";
  private static final String DATA_START = "<script id=\"report-data\" type=\"application/json\">";

  private static List<ScenarioEvaluation> two() {
    return List.of(
        Evaluations.sweep("gen-1-bursty", "bursty", true),
        Evaluations.sweep("gen-2-steps", "steps", false));
  }

  private static int count(String text, String fragment) {
    int count = 0;
    for (int at = text.indexOf(fragment); at >= 0; at = text.indexOf(fragment, at + 1)) {
      count++;
    }
    return count;
  }

  private static JsonNode chartData(String html) throws Exception {
    int start = html.indexOf(DATA_START) + DATA_START.length();
    return new ObjectMapper().readTree(html.substring(start, html.indexOf("</script>", start)));
  }

  private static List<String> labels(JsonNode datasets) {
    List<String> labels = new ArrayList<>();
    datasets.forEach(d -> labels.add(d.get("label").textValue()));
    return labels;
  }

  @Test
  void inlinesChartJsAndReferencesNothingOutsideItself() {
    String html = EvaluationHtml.render(two());

    assertThat(html)
        .contains(ChartJsBundle.script())
        .contains("Permission is hereby granted, free of charge")
        .doesNotContain("http://")
        .doesNotContain("https://")
        .doesNotContain("sourceMappingURL")
        .doesNotContainPattern("(?i)<script[^>]*\\ssrc=")
        .doesNotContainPattern("(?i)<link[\\s>]")
        .doesNotContainPattern("(?i)<img[\\s>]")
        .doesNotContainPattern("(?i)[^a-z]url\\(");
    Matcher hrefs = Pattern.compile("href=\"([^\"]*)\"").matcher(html);
    int links = 0;
    while (hrefs.find()) {
      assertThat(hrefs.group(1)).startsWith("#");
      links++;
    }
    assertThat(links).isEqualTo(3); // the summary and two scenarios
  }

  @Test
  void escapesScenarioNamesInMarkupAndData() throws Exception {
    ScenarioEvaluation hostile =
        new ScenarioEvaluation(
            HOSTILE,
            "<b>group</b>",
            "desc " + HOSTILE,
            3600,
            Evaluations.sweep("x", "steps", true).points());

    String html = EvaluationHtml.render(List.of(hostile));

    assertThat(html)
        .doesNotContain("<script>alert")
        .doesNotContain("<b>")
        .contains("<h2>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;co&#39;</h2>")
        .contains("<a href=\"#scenario-1\">&lt;script&gt;alert(");
    assertThat(count(html, "<script")).isEqualTo(3); // Chart.js, the data, the page's script
    assertThat(count(html, "</script>")).isEqualTo(3);
    JsonNode summaryPoint =
        chartData(html).get("charts").get(0).get("datasets").get(0).get("points").get(0);
    assertThat(summaryPoint.get(2).textValue()).isEqualTo(HOSTILE);
    assertThat(summaryPoint.get(3).textValue()).isEqualTo("scenario-1");
  }

  @Test
  void oneParetoChartPerScenarioWithEachFamilysFrontierAndSettings() throws Exception {
    List<ScenarioEvaluation> evaluations = two();
    String html = EvaluationHtml.render(evaluations);

    JsonNode charts = chartData(html).get("charts");
    assertThat(charts).hasSize(1 + evaluations.size());
    assertThat(count(html, "<canvas ")).isEqualTo(1 + evaluations.size());
    assertThat(charts.get(0).get("canvas").textValue()).isEqualTo(EvaluationHtml.SUMMARY_CANVAS);
    for (int i = 0; i < evaluations.size(); i++) {
      ScenarioEvaluation e = evaluations.get(i);
      JsonNode chart = charts.get(i + 1);
      String canvas = "scenario-" + (i + 1) + "-pareto";
      assertThat(chart.get("canvas").textValue()).isEqualTo(canvas);
      assertThat(count(html, "<canvas id=\"" + canvas + "\"")).isEqualTo(1);
      assertThat(chart.get("xTitle").textValue()).isEqualTo("replica-seconds");
      assertThat(chart.get("yTitle").textValue()).isEqualTo("violation-seconds");
      JsonNode datasets = chart.get("datasets");
      assertThat(labels(datasets))
          .containsExactly(
              "hpa frontier",
              "hpa settings",
              "keda-latency frontier",
              "keda-latency settings",
              "keda-rps frontier",
              "keda-rps settings",
              "headroom",
              "oracle");
      int index = 0;
      for (String family : List.of(Settings.HPA, Settings.KEDA_LATENCY, Settings.KEDA_RPS)) {
        JsonNode frontier = datasets.get(index++);
        JsonNode settings = datasets.get(index++);
        assertThat(frontier.get("style").textValue()).isEqualTo("frontier");
        assertThat(settings.get("style").textValue()).isEqualTo("settings");
        assertThat(frontier.get("points").toString())
            .isEqualTo(pointsJson(Pareto.frontier(e.family(family))));
        assertThat(settings.get("points").toString()).isEqualTo(pointsJson(e.family(family)));
      }
      assertThat(datasets.get(6).get("style").textValue()).isEqualTo("headroom");
      assertThat(datasets.get(6).get("points").toString())
          .isEqualTo(pointsJson(List.of(e.headroom())));
      assertThat(datasets.get(7).get("style").textValue()).isEqualTo("oracle");
      assertThat(datasets.get(7).get("points").toString())
          .isEqualTo(pointsJson(List.of(e.oracle())));
    }
  }

  /** [[replica-s, violation-s, label], ...] as the page's data has them. */
  private static String pointsJson(List<Point> points) {
    StringBuilder out = new StringBuilder("[");
    for (Point p : points) {
      if (out.length() > 1) {
        out.append(',');
      }
      out.append('[')
          .append(p.replicaSeconds())
          .append(',')
          .append(p.violationSeconds())
          .append(",\"")
          .append(p.label())
          .append("\"]");
    }
    return out.append(']').toString();
  }

  @Test
  void theSummaryShowsTheFiguresWithTheirTargets() {
    String html = EvaluationHtml.render(two());

    assertThat(html.indexOf("id=\"summary\"")).isLessThan(html.indexOf("id=\"scenario-1\""));
    assertThat(html)
        .contains("<h2>Summary over 2 scenarios</h2>")
        .contains(
            "<tr><td>not dominated by any HPA or KEDA setting</td><td class=\"num\">1 of 2"
                + " (50.00 %)</td><td>&gt;= 95 %</td><td>no</td></tr>")
        .contains(
            "<tr><td>replica-s vs the oracle&#39;s, median (where the oracle meets its budgets:"
                + " 2 scenarios)</td><td class=\"num\">1.11</td><td>&lt;= 1.15</td><td>yes</td>"
                + "</tr>")
        .contains("<td>&lt;= 1.30</td>")
        .contains(
            "<tr><td>share of the time Headroom violates a budget, median (where the oracle"
                + " meets its budgets: 2 scenarios)</td><td class=\"num\">2.78 %</td>"
                + "<td>&lt;= 1 %</td><td>no</td></tr>")
        .contains(
            "bursty arrivals: violation &lt;= 2 x the best KEDA setting&#39;s at no more"
                + " replica-s</td><td class=\"num\">1 of 1</td><td>all</td><td>yes</td>");
  }

  @Test
  void theSummaryHasATablePerGroupAndAPointPerScenario() throws Exception {
    List<ScenarioEvaluation> evaluations = new ArrayList<>(two());
    evaluations.add(Evaluations.sweep("gen-3-steps", "steps", true));

    String html = EvaluationHtml.render(evaluations);

    assertThat(html)
        .contains(
            "<tr><td>bursty</td><td class=\"num\">1</td><td class=\"num\">1</td>"
                + "<td class=\"num\">1</td><td class=\"num\">1.11</td>"
                + "<td class=\"num\">2.78 %</td></tr>")
        .contains(
            "<tr><td>steps</td><td class=\"num\">2</td><td class=\"num\">1</td>"
                + "<td class=\"num\">2</td><td class=\"num\">1.11</td>"
                + "<td class=\"num\">2.78 %</td></tr>");
    JsonNode summary = chartData(html).get("charts").get(0);
    assertThat(labels(summary.get("datasets")))
        .containsExactly(
            "not dominated",
            "dominated",
            "target: median replica-s <= 1.15 x the oracle's",
            "target: median violation <= 1 % of the time");
    assertThat(summary.get("datasets").get(0).get("points").toString())
        .isEqualTo("[[1.111111111,2.777777778,\"gen-2-steps\",\"scenario-2\"]]");
    assertThat(summary.get("datasets").get(1).get("points").toString())
        .isEqualTo(
            "[[1.111111111,2.777777778,\"gen-1-bursty\",\"scenario-1\"],"
                + "[1.111111111,2.777777778,\"gen-3-steps\",\"scenario-3\"]]");
  }

  @Test
  void whereTheOracleMissesItsBudgetsThePointIsHollow() throws Exception {
    ScenarioEvaluation misses =
        Evaluations.of(
            "hard",
            "flashCrowd",
            Evaluations.headroom(900, 10_000),
            Evaluations.oracle(500, 9_000),
            Evaluations.hpa("50%", 950, 12_000));

    JsonNode datasets =
        chartData(EvaluationHtml.render(List.of(misses))).get("charts").get(0).get("datasets");

    assertThat(datasets.get(0).get("label").textValue())
        .isEqualTo("not dominated (oracle misses its budgets)");
    assertThat(datasets.get(0).get("style").textValue()).isEqualTo("scenarios_hollow");
  }

  @Test
  void eachScenarioShowsItsVerdictAndSettings() {
    String html = EvaluationHtml.render(two());

    assertThat(html)
        .contains("<p class=\"verdict dominated\">Dominated by keda-rps@0.9x</p>")
        .contains("<p class=\"verdict not-dominated\">Not dominated by any baseline setting</p>")
        .contains("<li>Headroom: 100 violation-s (2.78 % of the time), 10000 replica-s</li>")
        .contains(
            "<li>oracle: 0 violation-s, 9000 replica-s; it meets its budgets (at most 1 % of the"
                + " time violated)</li>")
        .contains("<li>Headroom&#39;s replica-s vs the oracle&#39;s: 1.11</li>")
        .contains(
            "<li>cheapest baseline setting that violates no more: keda-rps@0.9x (80 violation-s,"
                + " 9000 replica-s); Headroom pays 1.11 x its replica-s</li>")
        .contains(
            "<li>best KEDA setting at no more replica-s: keda-rps@0.9x (80 violation-s);"
                + " Headroom within 2 x its violation: yes</li>")
        .contains(
            "<tr><td>keda-rps@0.9x</td><td class=\"num\">80</td><td class=\"num\">9000</td>"
                + "<td class=\"num\">0.90</td><td>yes</td><td>dominates Headroom</td></tr>")
        .contains(
            "<tr><td>headroom</td><td class=\"num\">100</td><td class=\"num\">10000</td>"
                + "<td class=\"num\">1.00</td><td>-</td><td>-</td></tr>")
        .contains(
            "<tr><td>hpa@30%</td><td class=\"num\">20</td><td class=\"num\">16000</td>"
                + "<td class=\"num\">1.60</td><td>yes</td><td>violates less, costs more</td>"
                + "</tr>");
    assertThat(count(html, "<tr><td>hpa@")).isEqualTo(2 * 7);
    assertThat(html)
        .contains(
            "<a href=\"#scenario-1\">gen-1-bursty</a>"
                + " <span class=\"dominated\">dominated</span>");
  }

  @Test
  void theSameEvaluationsGiveTheSameBytes(@TempDir Path directory) throws Exception {
    Path file = directory.resolve("out/evaluation.html");

    EvaluationHtml.write(two(), file);

    String again = EvaluationHtml.render(two());
    assertThat(Files.readString(file, StandardCharsets.UTF_8)).isEqualTo(again);
    assertThat(again).startsWith("<!DOCTYPE html>").endsWith("</html>\n").doesNotContain("\r");
  }

  @Test
  void twoHundredScenariosMakeALightPage() throws Exception {
    List<ScenarioEvaluation> many = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      many.add(Evaluations.sweep("gen-" + i, i % 7 == 0 ? "bursty" : "steps", i % 3 == 0));
    }

    String html = EvaluationHtml.render(many);

    assertThat(chartData(html).get("charts")).hasSize(201);
    // Chart.js is ~200 kB; each scenario adds a few kB of markup and data.
    assertThat(html.length()).isLessThan(2_000_000);
  }

  @Test
  void anEmptyEvaluationStillRenders() {
    assertThat(EvaluationHtml.render(List.of()))
        .contains("<h2>Summary over 0 scenarios</h2>")
        .endsWith("</html>\n");
  }
}
