package dev.headroom.sim.run;

import dev.headroom.sim.BudgetInfo;
import dev.headroom.sim.ControllerRun;
import dev.headroom.sim.ScenarioRun;
import dev.headroom.sim.Timeline;
import java.util.List;
import java.util.Locale;

/**
 * The two numbers the command prints per run until the report writers take over: what was paid for
 * and how long any budget was broken.
 *
 * @param controller its name
 * @param replicaSeconds pods that existed, summed over seconds (starting and restarting pods count)
 * @param violationSeconds seconds in which at least one budget's true value missed its target
 * @param scalingEvents how many changes the controller made
 */
public record RunSummary(
    String controller, long replicaSeconds, int violationSeconds, int scalingEvents) {

  public static RunSummary of(ControllerRun run, ScenarioRun scenario) {
    Timeline timeline = run.timeline();
    long replicaSeconds = 0;
    for (int pods : timeline.pods()) {
      replicaSeconds += pods;
    }
    List<BudgetInfo> budgets = scenario.budgets();
    int violations = 0;
    for (int second = 0; second < timeline.seconds(); second++) {
      for (BudgetInfo budget : budgets) {
        if (budget.violatedBy(timeline.budgetValues().get(budget.name())[second])) {
          violations++;
          break;
        }
      }
    }
    return new RunSummary(run.controller(), replicaSeconds, violations, run.events().size());
  }

  public String describe() {
    return String.format(
        Locale.ROOT,
        "replica-seconds %d, seconds any budget violated %d, scaling events %d",
        replicaSeconds,
        violationSeconds,
        scalingEvents);
  }
}
