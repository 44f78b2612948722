package dev.headroom.sim.report;

import java.util.List;

/**
 * Scores of a whole benchmark: every scenario, in the order they were given, and the summary.
 *
 * @param scenarios per scenario
 * @param summary over all of them
 */
public record BenchmarkScores(List<ScenarioScores> scenarios, Summary summary) {

  public BenchmarkScores {
    scenarios = List.copyOf(scenarios);
  }
}
