package dev.headroom.sim.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headroom.sim.BudgetInfo;
import dev.headroom.sim.ControllerRun;
import dev.headroom.sim.ScenarioRun;
import dev.headroom.sim.WorkloadKind;
import dev.headroom.sim.controllers.Contenders;
import dev.headroom.sim.oracle.OracleController;
import dev.headroom.sim.scenario.Scenario;
import dev.headroom.sim.scenario.ScenarioLoader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The built-in StatefulSet scenario runs every controller against pods that start in order. */
class StatefulSetScenarioTest {
  private static final Scenario SCENARIO =
      ScenarioLoader.loadResource("scenarios/statefulset-step.yaml");

  @Test
  void everyControllerSeesAStatefulSetWhosePodsStartOneAfterAnother() {
    assertThat(SCENARIO.workload()).isEqualTo(WorkloadKind.STATEFUL_SET_ORDERED_READY);
    SimulatedWorld world = new SimulatedWorld(SCENARIO);
    world.step(0);
    world.step(1);
    assertThat(world.observe(1).workload()).isEqualTo(WorkloadKind.STATEFUL_SET_ORDERED_READY);

    List<ControllerFactory> factories = new ArrayList<>(Contenders.all());
    factories.add(OracleController.factory());
    ScenarioRun run = SimulationRunner.run(SCENARIO, factories);
    assertThat(run.runs())
        .extracting(ControllerRun::controller)
        .containsExactly("headroom", "hpa", "keda", "oracle");
    // Pods are created one at a time, each once the one before is Ready: no two creations closer
    // together than the shortest start-up (45 s less 10 %), whatever the controller asked for.
    int shortest = (int) Math.floor(45 * 0.9);
    for (ControllerRun controller : run.runs()) {
      int[] pods = controller.timeline().pods();
      int last = -shortest;
      for (int second = 1; second < pods.length; second++) {
        if (pods[second] > pods[second - 1]) {
          assertThat(pods[second] - pods[second - 1])
              .as("%s at %d", controller.controller(), second)
              .isEqualTo(1);
          assertThat(second - last)
              .as(
                  "%s: a pod created at %d, the one before at %d",
                  controller.controller(), second, last)
              .isGreaterThanOrEqualTo(shortest);
          last = second;
        }
      }
    }
    // The oracle starts the chain ahead of the step; the others, after it, pay for that.
    ControllerRun oracle = run.runs().get(3);
    assertThat(violationSeconds(run, oracle)).isLessThan(SCENARIO.durationSeconds() / 100);
    for (ControllerRun controller : run.runs().subList(0, 3)) {
      assertThat(violationSeconds(run, controller))
          .as(controller.controller())
          .isGreaterThan(violationSeconds(run, oracle));
    }
  }

  private static int violationSeconds(ScenarioRun scenario, ControllerRun run) {
    int seconds = 0;
    for (int second = 0; second < run.timeline().seconds(); second++) {
      for (BudgetInfo budget : scenario.budgets()) {
        if (budget.violatedBy(run.timeline().budgetValues().get(budget.name())[second])) {
          seconds++;
          break;
        }
      }
    }
    return seconds;
  }
}
