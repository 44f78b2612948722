package dev.headroom.sim.evaluate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The evaluation as JSON: per scenario every setting's violation and replica-seconds, each family's
 * frontier, the dominance verdict and the ratios; then the summary.
 */
public final class EvaluationJson {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private EvaluationJson() {}

  public static void write(List<ScenarioEvaluation> evaluations, Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(file, render(evaluations) + "\n");
  }

  public static String render(List<ScenarioEvaluation> evaluations) {
    Map<String, Object> root = new LinkedHashMap<>();
    List<Object> scenarios = new ArrayList<>();
    for (ScenarioEvaluation e : evaluations) {
      scenarios.add(scenario(e));
    }
    root.put("scenarios", scenarios);
    root.put("summary", summary(EvaluationSummary.of(evaluations)));
    try {
      return JSON.writeValueAsString(root);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, Object> scenario(ScenarioEvaluation e) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("name", e.scenario());
    out.put("group", e.group());
    out.put("description", e.description());
    out.put("durationSeconds", e.durationSeconds());
    List<Object> points = new ArrayList<>();
    for (Point p : e.points()) {
      points.add(point(p));
    }
    out.put("settings", points);
    Map<String, Object> frontiers = new LinkedHashMap<>();
    for (String family : List.of(Settings.HPA, Settings.KEDA_LATENCY, Settings.KEDA_RPS)) {
      List<Point> members = e.family(family);
      if (!members.isEmpty()) {
        frontiers.put(family, Pareto.frontier(members).stream().map(Point::label).toList());
      }
    }
    out.put("frontiers", frontiers);
    out.put("dominated", e.dominated());
    out.put("dominatedBy", e.dominatedBy().stream().map(Point::label).toList());
    out.put("oracleMeetsBudgets", e.oracleMeetsBudgets());
    out.put("replicaSecondsVsOracle", e.replicaSecondsVsOracle());
    out.put("cheapestNoWorseBaseline", e.cheapestNoWorseBaseline().map(Point::label).orElse(null));
    out.put("replicaSecondsVsCheapestNoWorse", value(e.replicaSecondsVsCheapestNoWorse()));
    out.put("violationShare", e.violationShare());
    return out;
  }

  private static Map<String, Object> point(Point p) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("label", p.label());
    out.put("family", p.family());
    out.put("setting", p.setting());
    out.put("violationSeconds", p.violationSeconds());
    out.put("replicaSeconds", p.replicaSeconds());
    return out;
  }

  private static Map<String, Object> summary(EvaluationSummary s) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("scenarios", s.scenarios());
    out.put("notDominated", s.notDominated());
    out.put("notDominatedShare", s.notDominatedShare());
    out.put("oracleMeetsBudgets", s.oracleMeets());
    out.put("replicaSecondsVsOracleMedian", value(s.vsOracleMedian()));
    out.put("replicaSecondsVsOracleP90", value(s.vsOracleP90()));
    out.put("violationShareMedian", value(s.violationShareMedian()));
    out.put("replicaSecondsVsCheapestNoWorseMedian", value(s.vsCheapestNoWorseMedian()));
    out.put("bursty", s.bursty());
    out.put("burstyWithinTwiceBestKeda", s.burstyWithinTwiceKeda());
    return out;
  }

  private static Double value(OptionalDouble value) {
    return value.isPresent() ? value.getAsDouble() : null;
  }
}
