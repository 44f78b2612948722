package dev.headroom.sim.report;

import static dev.headroom.sim.report.Fixtures.P95;
import static dev.headroom.sim.report.Fixtures.P95_BUDGET;
import static dev.headroom.sim.report.Fixtures.P99;
import static dev.headroom.sim.report.Fixtures.P99_BUDGET;
import static dev.headroom.sim.report.Fixtures.THROUGHPUT;
import static dev.headroom.sim.report.Fixtures.THROUGHPUT_BUDGET;
import static dev.headroom.sim.report.Fixtures.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.headroom.sim.ControllerRun;
import dev.headroom.sim.ScalingEvent;
import dev.headroom.sim.ScenarioRun;
import dev.headroom.sim.Timeline;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlReportTest {
  private static final String HOSTILE = "<script>alert(\"x\")</script> & 'co'";
  private static final String DATA_START = "<script id=\"report-data\" type=\"application/json\">";

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

  private static Timeline twoLatencyBudgets(int seconds) {
    return TimelineBuilder.seconds(seconds)
        .budget(P95, 0.1)
        .budget(P99, 0.2)
        .budget(THROUGHPUT, 150)
        .build();
  }

  /** Two latency budgets and a throughput budget, four controllers. */
  private static ScenarioRun threeBudgets(String name, String note) {
    List<ControllerRun> runs = new ArrayList<>();
    for (String controller : ControllerNames.CANONICAL_ORDER) {
      runs.add(
          new ControllerRun(
              controller,
              twoLatencyBudgets(120),
              List.of(new ScalingEvent(30, 2, 3, false, note))));
    }
    return new ScenarioRun(
        name,
        "desc " + name,
        List.of(P95_BUDGET, P99_BUDGET, THROUGHPUT_BUDGET),
        List.of(30),
        runs);
  }

  @Test
  void inlinesChartJsWithItsLicence() {
    String html = HtmlReport.render(List.of(threeBudgets("step", "up")));

    assertThat(ChartJsBundle.script()).hasSizeGreaterThan(150_000).startsWith("/*!");
    assertThat(html)
        .contains(ChartJsBundle.script())
        .contains("Chart.js v4.4.1")
        .contains("Copyright (c) 2014-2022 Chart.js Contributors")
        .contains("Permission is hereby granted, free of charge");
    assertThat(html.indexOf("Permission is hereby granted")).isLessThan(html.indexOf("/*!"));
  }

  @Test
  void referencesNothingOutsideItself() {
    String html = HtmlReport.render(List.of(threeBudgets("step", "up")));

    assertThat(html)
        .doesNotContain("http://")
        .doesNotContain("https://")
        .doesNotContain("sourceMappingURL")
        .doesNotContainPattern("(?i)<script[^>]*\\ssrc=")
        .doesNotContainPattern("(?i)<link[\\s>]")
        .doesNotContainPattern("(?i)<img[\\s>]")
        .doesNotContainPattern("(?i)[^a-z]url\\("); // CSS; not toDataURL(
    Matcher hrefs = Pattern.compile("href=\"([^\"]*)\"").matcher(html);
    while (hrefs.find()) {
      assertThat(hrefs.group(1)).startsWith("#");
    }
  }

  @Test
  void escapesNamesInMarkupAndNotesInData() throws Exception {
    ScenarioRun hostile = threeBudgets(HOSTILE, "note </script><b>" + HOSTILE);

    String html = HtmlReport.render(List.of(hostile));

    assertThat(html)
        .doesNotContain("<script>alert")
        .doesNotContain("<b>")
        .contains("<h2>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;co&#39;</h2>");
    assertThat(count(html, "<script")).isEqualTo(3); // Chart.js, the data, the page's script
    assertThat(count(html, "</script>")).isEqualTo(3);
    JsonNode events = chartData(html).get("charts").get(1).get("datasets").get(2);
    assertThat(events.get("points").get(0).get(2).textValue())
        .isEqualTo("2 -> 3: note </script><b>" + HOSTILE);
  }

  @Test
  void oneCanvasPerControllerAndSeriesGroup() throws Exception {
    String html = HtmlReport.render(List.of(threeBudgets("step", "up"), threeBudgets("spike", "")));

    // Per controller: load, replicas, and one per latency budget (not the throughput budget).
    int perScenario = 4 * (2 + 2);
    assertThat(count(html, "<canvas ")).isEqualTo(2 * perScenario);
    JsonNode charts = chartData(html).get("charts");
    assertThat(charts).hasSize(2 * perScenario);
    for (JsonNode chart : charts) {
      assertThat(count(html, "<canvas id=\"" + chart.get("canvas").textValue() + "\""))
          .isEqualTo(1);
    }
    List<String> firstController = new ArrayList<>();
    for (int index = 0; index < 4; index++) {
      firstController.add(charts.get(index).get("title").textValue());
    }
    assertThat(firstController)
        .containsExactly("load", "replicas", "latency/p95 vs target", "latency/p99 vs target");
  }

  @Test
  void latencyChartsDrawTheTargetAndCriticalLevels() throws Exception {
    JsonNode charts =
        chartData(HtmlReport.render(List.of(threeBudgets("step", "up")))).get("charts");

    JsonNode p95 = charts.get(2).get("datasets");
    assertThat(p95.get(0).get("label").textValue()).isEqualTo(P95);
    assertThat(p95.get(1).get("label").textValue()).isEqualTo("target");
    assertThat(p95.get(1).get("points").toString()).isEqualTo("[[0,0.2],[119,0.2]]");
    assertThat(p95.get(2).get("label").textValue()).isEqualTo("critical");
    assertThat(p95.get(2).get("points").get(0).get(1).doubleValue()).isEqualTo(0.5);
    JsonNode p99 = charts.get(3).get("datasets");
    assertThat(p99).hasSize(2); // no critical threshold
    JsonNode replicas = charts.get(1).get("datasets");
    assertThat(replicas.get(0).get("label").textValue()).isEqualTo("spec");
    assertThat(replicas.get(1).get("label").textValue()).isEqualTo("ready");
    assertThat(replicas.get(2).get("style").textValue()).isEqualTo("events");
    assertThat(replicas.get(2).get("points").toString()).isEqualTo("[[30,3,\"2 -> 3: up\"]]");
  }

  @Test
  void longTimelinesAreThinnedButKeepLatencySpikes() throws Exception {
    int day = 86_400;
    Timeline timeline =
        TimelineBuilder.seconds(day)
            .budget(P95, 0.1)
            .budget(P95, 50_000, 50_001, 7.25)
            .replicas(60_000, 60_001, 40, 40, 40)
            .build();
    ScenarioRun wholeDay =
        new ScenarioRun(
            "day", "d", List.of(P95_BUDGET), List.of(), List.of(run("headroom", timeline)));

    String html = HtmlReport.render(List.of(wholeDay));

    JsonNode charts = chartData(html).get("charts");
    for (JsonNode chart : charts) {
      for (JsonNode dataset : chart.get("datasets")) {
        assertThat(dataset.get("points").size())
            .isLessThanOrEqualTo(HtmlReport.MAX_POINTS_PER_SERIES);
      }
    }
    assertThat(charts.get(2).get("datasets").get(0).get("points").toString())
        .contains("[50000,7.25]");
    assertThat(charts.get(1).get("datasets").get(0).get("points").toString())
        .contains("[60000,40]");
    assertThat(html.length()).isLessThan(1_000_000);
  }

  @Test
  void undefinedValuesAreGapsNotZeros() throws Exception {
    Timeline timeline =
        TimelineBuilder.seconds(100).budget(P95, 0.1).budget(P95, 40, 50, Double.NaN).build();
    ScenarioRun gap =
        new ScenarioRun("gap", "d", List.of(P95_BUDGET), List.of(), List.of(run("hpa", timeline)));

    JsonNode points =
        chartData(HtmlReport.render(List.of(gap)))
            .get("charts")
            .get(2)
            .get("datasets")
            .get(0)
            .get("points");

    assertThat(points.get(45).toString()).isEqualTo("[45,null]");
    assertThat(points.get(39).toString()).isEqualTo("[39,0.1]");
  }

  @Test
  void theSameRunsGiveTheSameBytes(@TempDir Path directory) throws Exception {
    List<ScenarioRun> runs = List.of(threeBudgets("step", "up"), Fixtures.fourControllers("other"));
    Path file = directory.resolve("report.html");

    HtmlReport.write(runs, file);

    String again =
        HtmlReport.render(List.of(threeBudgets("step", "up"), Fixtures.fourControllers("other")));
    assertThat(Files.readString(file, StandardCharsets.UTF_8)).isEqualTo(again);
    assertThat(again).startsWith("<!DOCTYPE html>").endsWith("</html>\n").doesNotContain("\r");
  }

  @Test
  void showsTheScoreTableAndRatiosPerScenario() {
    String html = HtmlReport.render(List.of(Fixtures.fourControllers("step")));

    assertThat(html)
        .contains(
            "<tr><td>hpa</td><td class=\"num\">40</td><td class=\"num\">40</td>"
                + "<td class=\"num\">40</td><td class=\"num\">900</td>")
        .contains("<li>headroom/hpa latency violation: 0.2500</li>")
        .contains("<li>latency/p95 at most 0.2 s (critical 0.5 s)</li>")
        .contains("<a href=\"#scenario-1\">step</a>");
  }
}
