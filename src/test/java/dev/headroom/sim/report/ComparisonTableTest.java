package dev.headroom.sim.report;

import static dev.headroom.sim.report.Fixtures.P95_BUDGET;
import static dev.headroom.sim.report.Fixtures.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.headroom.sim.ScenarioRun;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ComparisonTableTest {

  private static BenchmarkScores scores(ScenarioRun... scenarios) {
    return ScoreCalculator.scoreAll(List.of(scenarios));
  }

  private static List<String> lines(String text) {
    return Arrays.asList(text.split("\n", -1));
  }

  private static String lineStartingWith(String text, String prefix) {
    return lines(text).stream().filter(line -> line.startsWith(prefix)).findFirst().orElseThrow();
  }

  @Test
  void plainTextHasARowOfScoresPerController() {
    String text = ComparisonTable.plainText(scores(Fixtures.fourControllers("step")));

    assertThat(lineStartingWith(text, "controller").split(" {2,}"))
        .containsExactly(
            "controller",
            "latency/p95 viol s",
            "any viol s",
            "lat viol s",
            "replica-s",
            "core-s",
            "GiB-s",
            "actions",
            "dir chg",
            "max dir chg/interval",
            "recovery s");
    assertThat(lineStartingWith(text, "headroom ").split(" +"))
        .containsExactly(
            "headroom", "10", "10", "10", "600", "300.0", "600.0", "1", "0", "0", "10");
    assertThat(lineStartingWith(text, "hpa ").split(" +"))
        .containsExactly("hpa", "40", "40", "40", "900", "300.0", "600.0", "1", "0", "0", "40");
    assertThat(lineStartingWith(text, "oracle ").split(" +"))
        .containsExactly("oracle", "0", "0", "0", "540", "300.0", "600.0", "0", "0", "0", "0");
  }

  @Test
  void numericColumnsAreRightAlignedUnderTheirRule() {
    String text = ComparisonTable.plainText(scores(Fixtures.fourControllers("step")));
    String rule = lineStartingWith(text, "-");
    List<String> rows =
        lines(text).stream()
            .filter(line -> line.matches("(headroom|hpa|keda|oracle) .*"))
            .limit(4)
            .toList();

    assertThat(rows).hasSize(4);
    Matcher columns = Pattern.compile("-+").matcher(rule);
    columns.find(); // the controller column is left-aligned
    while (columns.find()) {
      int lastCharacter = columns.end() - 1;
      for (String row : rows) {
        assertThat(row.charAt(lastCharacter)).as("%s at %d", row, lastCharacter).isNotEqualTo(' ');
        assertThat(row.charAt(columns.start() - 1)).isEqualTo(' ');
      }
    }
    for (String row : rows) {
      assertThat(row).hasSameSizeAs(rule);
    }
  }

  @Test
  void plainTextShowsTheRatiosAndTheSummary() {
    String text = ComparisonTable.plainText(scores(Fixtures.fourControllers("step")));

    assertThat(text)
        .contains("headroom/hpa latency violation: 0.2500\n")
        .contains("headroom/hpa replica-seconds: 0.6667\n")
        .contains("headroom/oracle replica-seconds: 1.1111 (oracle meets every budget)\n")
        .contains("== summary over 1 scenarios ==")
        .contains(
            "headroom/oracle replica-seconds where the oracle meets every budget: 1.1111 (1"
                + " scenarios)");
    String summary = text.substring(text.indexOf("== summary"));
    assertThat(lineStartingWith(summary, "hpa ").split(" +"))
        .containsExactly("hpa", "1", "300", "40", "40", "900", "300.0", "600.0", "1", "0");
  }

  @Test
  void undefinedRatiosAndMissedRecoveriesAreSpelledOut() {
    ScenarioRun neverRecovers =
        new ScenarioRun(
            "stuck",
            "d",
            List.of(P95_BUDGET),
            List.of(10),
            List.of(run("headroom", Fixtures.p95ViolatedOver(100, 10, 100))));

    String text = ComparisonTable.plainText(scores(neverRecovers));

    assertThat(lineStartingWith(text, "headroom ")).endsWith(" never");
    assertThat(text).contains("headroom/hpa latency violation: n/a\n");
  }

  @Test
  void namesCannotBreakTheLayout() {
    String text =
        ComparisonTable.plainText(scores(Fixtures.fourControllers("two\nlines\u001b[31m red")));

    assertThat(text).contains("== two lines [31m red ==").doesNotContain("\u001b");
  }

  @Test
  void markdownHasOneTablePerScenarioAndTheSummary() {
    String markdown =
        ComparisonTable.markdown(
            scores(Fixtures.fourControllers("step"), Fixtures.fourControllers("spike")));

    assertThat(markdown)
        .contains("### step\n")
        .contains("### spike\n")
        .contains("### Summary over 2");
    assertThat(lines(markdown).stream().filter(line -> line.startsWith("| --- | ---: |")))
        .hasSize(3);
    assertThat(markdown)
        .contains("| headroom | 10 | 10 | 10 | 600 | 300.0 | 600.0 | 1 | 0 | 0 | 10 |\n")
        .contains("- headroom/hpa latency violation: 0.2500\n");
  }

  @Test
  void markdownEscapesNamesThatWouldBreakATableOrRenderAsMarkup() {
    ScenarioRun odd =
        new ScenarioRun(
            "a|b *c* <i>",
            "line\nbreak",
            List.of(new dev.headroom.sim.BudgetInfo("latency/p|95", "s", 0.2, Double.NaN, true)),
            List.of(),
            List.of(
                run("headroom", TimelineBuilder.seconds(10).budget("latency/p|95", 0.1).build())));

    String markdown = ComparisonTable.markdown(scores(odd));

    assertThat(markdown)
        .contains("### a\\|b \\*c\\* \\<i\\>\n")
        .contains("line break\n")
        .contains("| latency/p\\|95 viol s |");
  }

  @Test
  void sameScoresGiveTheSameText() {
    assertThat(ComparisonTable.plainText(scores(Fixtures.fourControllers("step"))))
        .isEqualTo(ComparisonTable.plainText(scores(Fixtures.fourControllers("step"))));
    assertThat(ComparisonTable.markdown(scores(Fixtures.fourControllers("step"))))
        .isEqualTo(ComparisonTable.markdown(scores(Fixtures.fourControllers("step"))));
  }

  @Test
  void aScenarioWithoutRunsStillRenders() {
    ScenarioRun empty = new ScenarioRun("empty", "d", List.of(P95_BUDGET), List.of(), List.of());

    String text = ComparisonTable.plainText(scores(empty));

    assertThat(text).contains("== empty ==").contains("headroom/hpa replica-seconds: n/a");
  }
}
