package dev.headroom.sim.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluationJsonTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static final List<ScenarioEvaluation> TWO =
      List.of(
          Evaluations.sweep("gen-1-bursty", "bursty", true),
          Evaluations.sweep("gen-2-steps", "steps", false));

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(node -> out.add(node.textValue()));
    return out;
  }

  @Test
  void everySettingWithItsFiguresPerScenario() throws Exception {
    JsonNode root = MAPPER.readTree(EvaluationJson.render(TWO));

    assertThat(root.get("scenarios")).hasSize(2);
    JsonNode first = root.get("scenarios").get(0);
    assertThat(first.get("name").textValue()).isEqualTo("gen-1-bursty");
    assertThat(first.get("group").textValue()).isEqualTo("bursty");
    assertThat(first.get("description").textValue()).isEqualTo("a bursty sweep");
    assertThat(first.get("durationSeconds").intValue()).isEqualTo(3600);
    JsonNode settings = first.get("settings");
    assertThat(settings).hasSize(TWO.get(0).points().size());
    for (int i = 0; i < settings.size(); i++) {
      Point expected = TWO.get(0).points().get(i);
      JsonNode setting = settings.get(i);
      assertThat(setting.get("label").textValue()).isEqualTo(expected.label());
      assertThat(setting.get("family").textValue()).isEqualTo(expected.family());
      assertThat(setting.get("setting").textValue()).isEqualTo(expected.setting());
      assertThat(setting.get("violationSeconds").intValue()).isEqualTo(expected.violationSeconds());
      assertThat(setting.get("replicaSeconds").longValue()).isEqualTo(expected.replicaSeconds());
    }
    assertThat(settings.get(0).get("label").textValue()).isEqualTo("headroom");
    assertThat(settings.get(1).get("label").textValue()).isEqualTo("oracle");
  }

  @Test
  void eachFamilysFrontierAndTheVerdict() throws Exception {
    JsonNode root = MAPPER.readTree(EvaluationJson.render(TWO));
    JsonNode dominated = root.get("scenarios").get(0);
    JsonNode clean = root.get("scenarios").get(1);

    JsonNode frontiers = dominated.get("frontiers");
    List<String> families = new ArrayList<>();
    frontiers.fieldNames().forEachRemaining(families::add);
    assertThat(families).containsExactly(Settings.HPA, Settings.KEDA_LATENCY, Settings.KEDA_RPS);
    for (String family : families) {
      assertThat(texts(frontiers.get(family)))
          .as(family)
          .isEqualTo(
              Pareto.frontier(TWO.get(0).family(family)).stream().map(Point::label).toList());
    }
    // In the sweep fixture every HPA target trades violation for replica-seconds.
    assertThat(texts(frontiers.get(Settings.HPA))).hasSize(7).startsWith("hpa@90%");
    assertThat(dominated.get("dominated").booleanValue()).isTrue();
    assertThat(texts(dominated.get("dominatedBy"))).containsExactly("keda-rps@0.9x");
    assertThat(clean.get("dominated").booleanValue()).isFalse();
    assertThat(clean.get("dominatedBy")).isEmpty();
    assertThat(clean.get("oracleMeetsBudgets").booleanValue()).isTrue();
    assertThat(clean.get("replicaSecondsVsOracle").doubleValue())
        .isCloseTo(10_000.0 / 9_000, within(1e-12));
    assertThat(clean.get("cheapestNoWorseBaseline").textValue())
        .isEqualTo(TWO.get(1).cheapestNoWorseBaseline().orElseThrow().label());
    assertThat(clean.get("replicaSecondsVsCheapestNoWorse").doubleValue())
        .isCloseTo(TWO.get(1).replicaSecondsVsCheapestNoWorse().getAsDouble(), within(1e-12));
    assertThat(clean.get("violationShare").doubleValue()).isCloseTo(100.0 / 3600, within(1e-12));
  }

  @Test
  void aMissingFigureIsNull() throws Exception {
    ScenarioEvaluation none =
        Evaluations.of(
            "n",
            "steps",
            Evaluations.headroom(0, 10),
            Evaluations.oracle(0, 10),
            Evaluations.hpa("50%", 9, 10));
    JsonNode scenario =
        MAPPER.readTree(EvaluationJson.render(List.of(none))).get("scenarios").get(0);
    assertThat(scenario.get("cheapestNoWorseBaseline").isNull()).isTrue();
    assertThat(scenario.get("replicaSecondsVsCheapestNoWorse").isNull()).isTrue();
    assertThat(scenario.get("frontiers").has(Settings.KEDA_RPS)).isFalse();
  }

  @Test
  void theSummary() throws Exception {
    JsonNode summary = MAPPER.readTree(EvaluationJson.render(TWO)).get("summary");
    EvaluationSummary expected = EvaluationSummary.of(TWO);

    List<String> keys = new ArrayList<>();
    summary.fieldNames().forEachRemaining(keys::add);
    assertThat(keys)
        .containsExactly(
            "scenarios",
            "notDominated",
            "notDominatedShare",
            "oracleMeetsBudgets",
            "replicaSecondsVsOracleMedian",
            "replicaSecondsVsOracleP90",
            "violationShareMedian",
            "replicaSecondsVsCheapestNoWorseMedian",
            "bursty",
            "burstyWithinTwiceBestKeda");
    assertThat(summary.get("scenarios").intValue()).isEqualTo(2);
    assertThat(summary.get("notDominated").intValue()).isEqualTo(1);
    assertThat(summary.get("notDominatedShare").doubleValue()).isEqualTo(0.5);
    assertThat(summary.get("oracleMeetsBudgets").intValue()).isEqualTo(2);
    assertThat(summary.get("replicaSecondsVsOracleMedian").doubleValue())
        .isEqualTo(expected.vsOracleMedian().getAsDouble());
    assertThat(summary.get("replicaSecondsVsOracleP90").doubleValue())
        .isEqualTo(expected.vsOracleP90().getAsDouble());
    assertThat(summary.get("violationShareMedian").doubleValue())
        .isEqualTo(expected.violationShareMedian().getAsDouble());
    assertThat(summary.get("replicaSecondsVsCheapestNoWorseMedian").doubleValue())
        .isEqualTo(expected.vsCheapestNoWorseMedian().getAsDouble());
    assertThat(summary.get("bursty").intValue()).isEqualTo(1);
    assertThat(summary.get("burstyWithinTwiceBestKeda").intValue())
        .isEqualTo(expected.burstyWithinTwiceKeda());
  }

  @Test
  void writesTheSameBytesForTheSameEvaluations(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("nested/evaluation.json");

    EvaluationJson.write(TWO, file);

    assertThat(Files.readString(file)).isEqualTo(EvaluationJson.render(TWO) + "\n");
    assertThat(EvaluationJson.render(TWO))
        .isEqualTo(
            EvaluationJson.render(
                List.of(
                    Evaluations.sweep("gen-1-bursty", "bursty", true),
                    Evaluations.sweep("gen-2-steps", "steps", false))));
  }
}
