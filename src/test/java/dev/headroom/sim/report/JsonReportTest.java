package dev.headroom.sim.report;

import static dev.headroom.sim.report.Fixtures.P95;
import static dev.headroom.sim.report.Fixtures.P95_BUDGET;
import static dev.headroom.sim.report.Fixtures.THROUGHPUT_BUDGET;
import static dev.headroom.sim.report.Fixtures.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.headroom.sim.ControllerRun;
import dev.headroom.sim.ScenarioRun;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonReportTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static String render(ScenarioRun... scenarios) {
    return JsonReport.render(ScoreCalculator.scoreAll(List.of(scenarios)));
  }

  private static JsonNode parse(String json) throws Exception {
    return MAPPER.readTree(json);
  }

  private static List<String> keys(JsonNode node) {
    List<String> keys = new ArrayList<>();
    node.fieldNames().forEachRemaining(keys::add);
    return keys;
  }

  @Test
  void keysAppearInTheDocumentedOrder() throws Exception {
    JsonNode root = parse(render(Fixtures.fourControllers("step")));

    assertThat(keys(root)).containsExactly("scenarios", "summary");
    JsonNode scenario = root.get("scenarios").get(0);
    assertThat(keys(scenario))
        .containsExactly("name", "description", "budgets", "loadChanges", "controllers", "ratios");
    assertThat(keys(scenario.get("budgets").get(0)))
        .containsExactly("name", "unit", "target", "critical", "higherIsWorse");
    assertThat(keys(scenario.get("controllers")))
        .containsExactly("headroom", "hpa", "keda", "oracle");
    assertThat(keys(scenario.get("controllers").get("headroom")))
        .containsExactly(
            "durationSeconds",
            "violationSeconds",
            "criticalViolationSeconds",
            "anyViolationSeconds",
            "latencyViolationSeconds",
            "replicaSeconds",
            "coreSeconds",
            "memoryGiBSeconds",
            "scalingActions",
            "directionChanges",
            "directionChangesPerLoadChange",
            "recoverySeconds");
    assertThat(keys(scenario.get("ratios")))
        .containsExactly(
            "latencyViolationVsHpa",
            "replicaSecondsVsHpa",
            "replicaSecondsVsOracle",
            "oracleMeetsBudgets");
    assertThat(keys(root.get("summary"))).containsExactly("scenarios", "totals", "ratios");
    assertThat(keys(root.get("summary").get("totals").get("hpa")))
        .containsExactly(
            "scenarios",
            "durationSeconds",
            "anyViolationSeconds",
            "latencyViolationSeconds",
            "replicaSeconds",
            "coreSeconds",
            "memoryGiBSeconds",
            "scalingActions",
            "directionChanges");
    assertThat(keys(root.get("summary").get("ratios")))
        .containsExactly(
            "latencyViolationVsHpa",
            "replicaSecondsVsHpa",
            "replicaSecondsVsOracle",
            "replicaSecondsVsOracleWhereOracleMeetsBudgets",
            "scenariosWhereOracleMeetsBudgets");
  }

  @Test
  void valuesCarryTheScoresWithFixedNumberFormatting() throws Exception {
    String json = render(Fixtures.fourControllers("step"));
    JsonNode scenario = parse(json).get("scenarios").get(0);

    JsonNode headroom = scenario.get("controllers").get("headroom");
    assertThat(headroom.get("violationSeconds").get(P95).intValue()).isEqualTo(10);
    assertThat(headroom.get("replicaSeconds").longValue()).isEqualTo(600);
    assertThat(headroom.get("recoverySeconds").get(0).intValue()).isEqualTo(10);
    assertThat(scenario.get("loadChanges").get(0).intValue()).isEqualTo(100);
    assertThat(scenario.get("budgets").get(0).get("target").doubleValue()).isEqualTo(0.2);
    assertThat(json)
        .contains("\"latencyViolationVsHpa\": 0.2500,")
        .contains("\"replicaSecondsVsHpa\": 0.6667,")
        .contains("\"replicaSecondsVsOracle\": 1.1111,")
        .contains("\"oracleMeetsBudgets\": true")
        .contains("\"coreSeconds\": 300.000,")
        .contains("\"memoryGiBSeconds\": 600.000,")
        .contains("\"target\": 0.2,")
        .contains("\"critical\": 0.5,");
  }

  @Test
  void absentValuesAreNullNotZero() throws Exception {
    ScenarioRun hpaNeverViolates =
        new ScenarioRun(
            "no hpa violations",
            "d",
            List.of(P95_BUDGET, THROUGHPUT_BUDGET),
            List.of(250),
            List.of(
                run(
                    "headroom",
                    TimelineBuilder.seconds(300)
                        .budget(P95, 0.1)
                        .budget(P95, 250, 300, 0.3)
                        .budget(Fixtures.THROUGHPUT, 200)
                        .build()),
                run(
                    "hpa",
                    TimelineBuilder.seconds(300)
                        .budget(P95, 0.1)
                        .budget(Fixtures.THROUGHPUT, 200)
                        .build())));

    JsonNode scenario = parse(render(hpaNeverViolates)).get("scenarios").get(0);

    assertThat(scenario.get("ratios").get("latencyViolationVsHpa").isNull()).isTrue();
    assertThat(scenario.get("ratios").get("replicaSecondsVsOracle").isNull()).isTrue();
    assertThat(scenario.get("ratios").get("replicaSecondsVsHpa").doubleValue()).isEqualTo(1.0);
    assertThat(scenario.get("budgets").get(1).get("critical").isNull()).isTrue();
    assertThat(scenario.get("controllers").get("headroom").get("recoverySeconds").get(0).isNull())
        .isTrue();
    assertThat(scenario.get("controllers").get("hpa").get("recoverySeconds").get(0).intValue())
        .isZero();
    assertThat(keys(scenario.get("controllers").get("headroom").get("criticalViolationSeconds")))
        .containsExactly(P95);
  }

  @Test
  void largeSumsAreWrittenInPlainNotation() {
    ControllerRun day =
        run(
            "headroom",
            TimelineBuilder.seconds(86_400)
                .budget(P95, 0.1)
                .replicas(0, 86_400, 250, 250, 250)
                .cores(0, 86_400, 125.5)
                .build());
    String json = render(new ScenarioRun("day", "d", List.of(P95_BUDGET), List.of(), List.of(day)));

    assertThat(json)
        .contains("\"replicaSeconds\": 21600000,")
        .contains("\"coreSeconds\": 10843200.000,")
        .doesNotContain("E+")
        .doesNotContain("E7");
  }

  @Test
  void theSameRunsGiveTheSameBytesWhateverTheControllerOrder() {
    ScenarioRun scenario = Fixtures.fourControllers("step");
    ScenarioRun shuffled =
        new ScenarioRun(
            scenario.scenario(),
            scenario.description(),
            scenario.budgets(),
            scenario.loadChanges(),
            List.of(
                scenario.runs().get(2),
                scenario.runs().get(0),
                scenario.runs().get(3),
                scenario.runs().get(1)));

    String first = render(Fixtures.fourControllers("step"), Fixtures.fourControllers("other"));
    String again = render(Fixtures.fourControllers("step"), Fixtures.fourControllers("other"));
    String fromShuffled = render(shuffled, Fixtures.fourControllers("other"));

    assertThat(again).isEqualTo(first);
    assertThat(fromShuffled).isEqualTo(first);
    assertThat(first).doesNotContain("\r").endsWith("}\n");
  }

  @Test
  void namesAreJsonEscaped() throws Exception {
    String name = "quote \" backslash \\ newline \n tab \t";
    JsonNode scenario = parse(render(Fixtures.fourControllers(name))).get("scenarios").get(0);

    assertThat(scenario.get("name").textValue()).isEqualTo(name);
  }

  @Test
  void writesUtf8ToAFile(@TempDir Path directory) throws Exception {
    Path file = directory.resolve("scores.json");
    BenchmarkScores scores =
        ScoreCalculator.scoreAll(List.of(Fixtures.fourControllers("pas à pas")));

    JsonReport.write(scores, file);

    assertThat(Files.readString(file, StandardCharsets.UTF_8)).isEqualTo(JsonReport.render(scores));
    assertThat(parse(Files.readString(file)).get("scenarios").get(0).get("name").textValue())
        .isEqualTo("pas à pas");
  }
}
