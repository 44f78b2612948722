package dev.headroom.sim.report;

import dev.headroom.sim.BudgetInfo;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every controller's scores on one scenario.
 *
 * @param scenario its name
 * @param description one line on what it tests
 * @param budgets the policy's budgets
 * @param loadChanges seconds at which the load shape changes
 * @param controllers by controller name, in {@link ControllerNames#CANONICAL_ORDER}, others after
 * @param ratios Headroom against the HPA and the oracle
 */
public record ScenarioScores(
    String scenario,
    String description,
    List<BudgetInfo> budgets,
    List<Integer> loadChanges,
    Map<String, Scores> controllers,
    ScenarioRatios ratios) {

  public ScenarioScores {
    budgets = List.copyOf(budgets);
    loadChanges = List.copyOf(loadChanges);
    controllers = Collections.unmodifiableMap(new LinkedHashMap<>(controllers));
  }

  public Optional<Scores> controller(String name) {
    return Optional.ofNullable(controllers.get(name));
  }
}
