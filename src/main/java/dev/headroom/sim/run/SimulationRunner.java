package dev.headroom.sim.run;

import dev.headroom.sim.ControlAction;
import dev.headroom.sim.Controller;
import dev.headroom.sim.ControllerRun;
import dev.headroom.sim.ScalingEvent;
import dev.headroom.sim.ScenarioRun;
import dev.headroom.sim.scenario.PolicyBudgets;
import dev.headroom.sim.scenario.Scenario;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs controllers on a scenario, each on its own {@link SimulatedWorld}: one-second steps, the
 * controller called every sync period with what it could observe, its answer applied at once.
 */
public final class SimulationRunner {
  private SimulationRunner() {}

  /** Every controller on the scenario, in the factories' order. */
  public static ScenarioRun run(Scenario scenario, List<ControllerFactory> factories) {
    List<ControllerRun> runs = new ArrayList<>();
    for (ControllerFactory factory : factories) {
      if (factory.notRunBecause(scenario).isEmpty()) {
        runs.add(runOne(scenario, factory));
      }
    }
    return scenarioRun(scenario, runs, notRun(scenario, factories));
  }

  /** Puts one scenario's controller runs together with its budgets and load changes. */
  public static ScenarioRun scenarioRun(Scenario scenario, List<ControllerRun> runs) {
    return scenarioRun(scenario, runs, List.of());
  }

  /**
   * The same, with what was not run and why appended to the description, so that every report says
   * it.
   */
  public static ScenarioRun scenarioRun(
      Scenario scenario, List<ControllerRun> runs, List<String> notRun) {
    String description =
        notRun.isEmpty()
            ? scenario.description()
            : (scenario.description().isBlank() ? "" : scenario.description() + " ")
                + "Not run: "
                + String.join("; ", notRun)
                + ".";
    return new ScenarioRun(
        scenario.name(),
        description,
        PolicyBudgets.of(scenario.policy()),
        scenario.load().trace().loadChanges(scenario.durationSeconds()),
        List.copyOf(runs));
  }

  /** Why each factory that does not run on the scenario does not. */
  public static List<String> notRun(Scenario scenario, List<ControllerFactory> factories) {
    return factories.stream().flatMap(f -> f.notRunBecause(scenario).stream()).toList();
  }

  /** One controller on the scenario. */
  public static ControllerRun runOne(Scenario scenario, ControllerFactory factory) {
    SimulatedWorld world = new SimulatedWorld(scenario);
    Controller controller = factory.create(ScenarioContext.of(scenario));
    int period = syncPeriodSeconds(controller);
    List<ScalingEvent> events = new ArrayList<>();
    for (int second = 0; second < scenario.durationSeconds(); second++) {
      world.step(second);
      if (second > 0 && second % period == 0) {
        ControlAction action = controller.decide(world.observe(second));
        if (action == null) {
          throw new IllegalStateException(
              controller.name() + " returned no action at second " + second);
        }
        world.apply(action, second).ifPresent(events::add);
      }
    }
    return new ControllerRun(controller.name(), world.timeline(), List.copyOf(events));
  }

  /** The sync period in whole seconds, at least 1. */
  static int syncPeriodSeconds(Controller controller) {
    long millis = controller.syncPeriod().toMillis();
    return (int) Math.max(1, (millis + 999) / 1000);
  }
}
