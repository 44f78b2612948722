package dev.headroom.sim.report;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.headroom.sim.BudgetInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * The benchmark's scores as JSON, for machines and for checking claims. Keys always appear in the
 * order below, controllers in {@link ControllerNames#CANONICAL_ORDER} (others after, by name);
 * counts are integers, resource-seconds have 3 decimals, ratios 4 (half-even); a ratio with no
 * value is {@code null}. Indented by two spaces, "\n" line ends, a final newline: the same scores
 * give the same bytes.
 *
 * <pre>
 * {
 *   "scenarios": [ {                       one per scenario, in the order run
 *     "name":        the scenario's name
 *     "description": one line on what it tests
 *     "budgets": [ {
 *       "name":          e.g. latency/p95
 *       "unit":          unit of target and critical: s, ratio, rps, cores, bytes
 *       "target":        the budget's target, as configured
 *       "critical":      the critical threshold, or null
 *       "higherIsWorse": false only for a throughput minimum
 *     } ],
 *     "loadChanges": [ seconds at which the load shape changes ],
 *     "controllers": {
 *       "headroom" | "hpa" | "keda" | "oracle" | other: {
 *         "durationSeconds":               the run's length
 *         "violationSeconds":              { budget name: seconds past its target }
 *         "criticalViolationSeconds":      { budget name: seconds past critical }, budgets with one
 *         "anyViolationSeconds":           seconds with at least one budget past its target
 *         "latencyViolationSeconds":       seconds with at least one latency/ budget past target
 *         "replicaSeconds":                sum over seconds of existing pods
 *         "coreSeconds":                   sum over seconds of requested CPU cores
 *         "memoryGiBSeconds":              sum over seconds of requested memory, GiB
 *         "scalingActions":                events that changed replicas or resources
 *         "directionChanges":              replica moves reversing the previous move
 *         "directionChangesPerLoadChange": most direction changes between two load changes
 *         "recoverySeconds": [ per load change: seconds until latency budgets are met for
 *                              60 s on end, or null if never ]
 *       }
 *     },
 *     "ratios": {
 *       "latencyViolationVsHpa":  headroom's latencyViolationSeconds / hpa's
 *       "replicaSecondsVsHpa":    headroom's replicaSeconds / hpa's
 *       "replicaSecondsVsOracle": headroom's replicaSeconds / oracle's
 *       "oracleMeetsBudgets":     whether the oracle's anyViolationSeconds is 0
 *     }
 *   } ],
 *   "summary": {
 *     "scenarios": how many
 *     "totals": { controller: {
 *       "scenarios", "durationSeconds", "anyViolationSeconds", "latencyViolationSeconds",
 *       "replicaSeconds", "coreSeconds", "memoryGiBSeconds", "scalingActions",
 *       "directionChanges": sums over the scenarios the controller ran
 *     } },
 *     "ratios": {                              sum over sum, scenarios where both ran
 *       "latencyViolationVsHpa", "replicaSecondsVsHpa", "replicaSecondsVsOracle",
 *       "replicaSecondsVsOracleWhereOracleMeetsBudgets": only scenarios where the oracle met
 *                                                        every budget
 *       "scenariosWhereOracleMeetsBudgets": how many those are
 *     }
 *   }
 * }
 * </pre>
 *
 * So "latency violation &le; 0.25 &times; HPA's at replica-seconds &le; 1.0 &times; HPA's" reads
 * off {@code summary.ratios.latencyViolationVsHpa} and {@code replicaSecondsVsHpa}, and
 * "replica-seconds &le; 1.15 &times; the oracle's where it has no violations" off {@code
 * replicaSecondsVsOracleWhereOracleMeetsBudgets}.
 */
public final class JsonReport {

  private JsonReport() {}

  public static String render(BenchmarkScores scores) {
    return JsonText.pretty(json -> writeReport(json, scores)) + "\n";
  }

  public static void write(BenchmarkScores scores, Path file) throws IOException {
    Files.writeString(file, render(scores), StandardCharsets.UTF_8);
  }

  private static void writeReport(JsonGenerator json, BenchmarkScores scores) throws IOException {
    json.writeStartObject();
    json.writeArrayFieldStart("scenarios");
    for (ScenarioScores scenario : scores.scenarios()) {
      writeScenario(json, scenario);
    }
    json.writeEndArray();
    writeSummary(json, scores.summary());
    json.writeEndObject();
  }

  private static void writeScenario(JsonGenerator json, ScenarioScores scenario)
      throws IOException {
    json.writeStartObject();
    json.writeStringField("name", scenario.scenario());
    json.writeStringField("description", scenario.description());
    writeBudgets(json, scenario.budgets());
    json.writeArrayFieldStart("loadChanges");
    for (int second : scenario.loadChanges()) {
      json.writeNumber(second);
    }
    json.writeEndArray();
    json.writeObjectFieldStart("controllers");
    for (Scores scores : scenario.controllers().values()) {
      json.writeFieldName(scores.controller());
      writeScores(json, scores);
    }
    json.writeEndObject();
    writeScenarioRatios(json, scenario.ratios());
    json.writeEndObject();
  }

  private static void writeBudgets(JsonGenerator json, List<BudgetInfo> budgets)
      throws IOException {
    json.writeArrayFieldStart("budgets");
    for (BudgetInfo budget : budgets) {
      json.writeStartObject();
      json.writeStringField("name", budget.name());
      json.writeStringField("unit", budget.unit());
      json.writeFieldName("target");
      JsonText.number(json, Numbers.exact(budget.target()));
      json.writeFieldName("critical");
      JsonText.number(json, Numbers.exact(budget.critical()));
      json.writeBooleanField("higherIsWorse", budget.higherIsWorse());
      json.writeEndObject();
    }
    json.writeEndArray();
  }

  private static void writeScores(JsonGenerator json, Scores scores) throws IOException {
    json.writeStartObject();
    json.writeNumberField("durationSeconds", scores.durationSeconds());
    writeCounts(json, "violationSeconds", scores.violationSeconds());
    writeCounts(json, "criticalViolationSeconds", scores.criticalViolationSeconds());
    json.writeNumberField("anyViolationSeconds", scores.anyViolationSeconds());
    json.writeNumberField("latencyViolationSeconds", scores.latencyViolationSeconds());
    json.writeNumberField("replicaSeconds", scores.replicaSeconds());
    writeResourceSeconds(json, "coreSeconds", scores.coreSeconds());
    writeResourceSeconds(json, "memoryGiBSeconds", scores.memoryGiBSeconds());
    json.writeNumberField("scalingActions", scores.scalingActions());
    json.writeNumberField("directionChanges", scores.directionChanges());
    json.writeNumberField("directionChangesPerLoadChange", scores.directionChangesPerLoadChange());
    json.writeArrayFieldStart("recoverySeconds");
    for (OptionalInt recovery : scores.recoverySeconds()) {
      if (recovery.isPresent()) {
        json.writeNumber(recovery.getAsInt());
      } else {
        json.writeNull();
      }
    }
    json.writeEndArray();
    json.writeEndObject();
  }

  private static void writeScenarioRatios(JsonGenerator json, ScenarioRatios ratios)
      throws IOException {
    json.writeObjectFieldStart("ratios");
    writeRatio(json, "latencyViolationVsHpa", ratios.latencyViolationVsHpa());
    writeRatio(json, "replicaSecondsVsHpa", ratios.replicaSecondsVsHpa());
    writeRatio(json, "replicaSecondsVsOracle", ratios.replicaSecondsVsOracle());
    json.writeBooleanField("oracleMeetsBudgets", ratios.oracleMeetsBudgets());
    json.writeEndObject();
  }

  private static void writeSummary(JsonGenerator json, Summary summary) throws IOException {
    json.writeObjectFieldStart("summary");
    json.writeNumberField("scenarios", summary.scenarios());
    json.writeObjectFieldStart("totals");
    for (Map.Entry<String, ControllerTotals> entry : summary.totals().entrySet()) {
      json.writeFieldName(entry.getKey());
      writeTotals(json, entry.getValue());
    }
    json.writeEndObject();
    SummaryRatios ratios = summary.ratios();
    json.writeObjectFieldStart("ratios");
    writeRatio(json, "latencyViolationVsHpa", ratios.latencyViolationVsHpa());
    writeRatio(json, "replicaSecondsVsHpa", ratios.replicaSecondsVsHpa());
    writeRatio(json, "replicaSecondsVsOracle", ratios.replicaSecondsVsOracle());
    writeRatio(
        json,
        "replicaSecondsVsOracleWhereOracleMeetsBudgets",
        ratios.replicaSecondsVsOracleWhereOracleMeetsBudgets());
    json.writeNumberField(
        "scenariosWhereOracleMeetsBudgets", ratios.scenariosWhereOracleMeetsBudgets());
    json.writeEndObject();
    json.writeEndObject();
  }

  private static void writeTotals(JsonGenerator json, ControllerTotals totals) throws IOException {
    json.writeStartObject();
    json.writeNumberField("scenarios", totals.scenarios());
    json.writeNumberField("durationSeconds", totals.durationSeconds());
    json.writeNumberField("anyViolationSeconds", totals.anyViolationSeconds());
    json.writeNumberField("latencyViolationSeconds", totals.latencyViolationSeconds());
    json.writeNumberField("replicaSeconds", totals.replicaSeconds());
    writeResourceSeconds(json, "coreSeconds", totals.coreSeconds());
    writeResourceSeconds(json, "memoryGiBSeconds", totals.memoryGiBSeconds());
    json.writeNumberField("scalingActions", totals.scalingActions());
    json.writeNumberField("directionChanges", totals.directionChanges());
    json.writeEndObject();
  }

  private static void writeCounts(JsonGenerator json, String field, Map<String, Integer> counts)
      throws IOException {
    json.writeObjectFieldStart(field);
    for (Map.Entry<String, Integer> entry : counts.entrySet()) {
      json.writeNumberField(entry.getKey(), entry.getValue());
    }
    json.writeEndObject();
  }

  private static void writeResourceSeconds(JsonGenerator json, String field, double value)
      throws IOException {
    json.writeFieldName(field);
    JsonText.number(json, Numbers.fixed(value, Numbers.RESOURCE_SECONDS_DECIMALS));
  }

  private static void writeRatio(JsonGenerator json, String field, Ratio ratio) throws IOException {
    json.writeFieldName(field);
    OptionalDouble value = ratio.value();
    if (value.isPresent()) {
      json.writeNumber(Numbers.fixed(value.getAsDouble(), Numbers.RATIO_DECIMALS).orElseThrow());
    } else {
      json.writeNull();
    }
  }
}
