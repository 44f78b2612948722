package dev.headroom.sim.report;

import dev.headroom.sim.evaluate.EvaluationText;
import dev.headroom.sim.evaluate.ScenarioEvaluation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The evaluation of a set of scenarios against the baseline frontiers as one offline page. */
public final class EvaluationHtml {
  private EvaluationHtml() {}

  public static String render(List<ScenarioEvaluation> evaluations) {
    return "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Headroom evaluation"
        + "</title></head><body><pre>"
        + Html.escape(EvaluationText.render(evaluations))
        + "</pre></body></html>\n";
  }

  public static void write(List<ScenarioEvaluation> evaluations, Path file) throws IOException {
    Files.writeString(file, render(evaluations), StandardCharsets.UTF_8);
  }
}
