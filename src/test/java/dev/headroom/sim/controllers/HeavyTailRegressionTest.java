package dev.headroom.sim.controllers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headroom.sim.ControllerRun;
import dev.headroom.sim.ScenarioRun;
import dev.headroom.sim.oracle.OracleController;
import dev.headroom.sim.run.RunSummary;
import dev.headroom.sim.run.SimulationRunner;
import dev.headroom.sim.scenario.Scenario;
import dev.headroom.sim.scenario.ScenarioLoader;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Issue 14's reproduction, {@code scenarios/regression/heavy-tail-500m.yaml}: heavy-tailed service
 * times on 500m pods. The engine once held 2 replicas for two hours while p95 sat near 1 s (4,391
 * of 7,200 s in violation; the oracle 25 s), because a model fitted at one load said more replicas
 * could not help. The target — at most twice the oracle's violation plus 60 s — is not met
 * yet (docs/benchmarks.md: 349 s); this guards against the failure coming back.
 */
class HeavyTailRegressionTest {
  private static final Scenario SCENARIO =
      ScenarioLoader.loadResource("scenarios/regression/heavy-tail-500m.yaml");

  @Test
  void headroomScalesPastTheStuckCountAndStaysOutOfViolationMostOfTheTime() {
    ControllerRun headroom = SimulationRunner.runOne(SCENARIO, Contenders.headroom());
    ControllerRun oracle = SimulationRunner.runOne(SCENARIO, OracleController.factory());
    ScenarioRun context = SimulationRunner.scenarioRun(SCENARIO, java.util.List.of());
    RunSummary mine = RunSummary.of(headroom, context);
    RunSummary best = RunSummary.of(oracle, context);
    String figures = "headroom " + mine.describe() + "; oracle " + best.describe() + " of 7200 s";

    // Before on the base load of 8 req/s the pods stayed at 2; the oracle holds 7-9.
    int[] spec = headroom.timeline().specReplicas();
    int stuck = (int) Arrays.stream(spec, 600, 3000).filter(r -> r <= 2).count();
    assertThat(stuck).as(figures).isZero();
    // 10 % of the run: the failure was 61 %, what is measured now about 5 %.
    assertThat(mine.violationSeconds()).as(figures).isLessThan(SCENARIO.durationSeconds() / 10);
    assertThat(best.violationSeconds()).as(figures).isLessThan(60);
  }
}
