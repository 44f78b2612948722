package dev.headroom.sim;

import java.util.List;

/**
 * One scenario with every controller, on the same trace and service model.
 *
 * @param scenario its name
 * @param description one line on what it tests
 * @param budgets the policy's budgets
 * @param loadChanges seconds at which the load shape changes (steps, spike edges), for recovery
 *     times and direction changes per load change; empty for smooth shapes
 * @param runs one per controller: headroom, hpa, keda, oracle
 */
public record ScenarioRun(
    String scenario,
    String description,
    List<BudgetInfo> budgets,
    List<Integer> loadChanges,
    List<ControllerRun> runs) {}
