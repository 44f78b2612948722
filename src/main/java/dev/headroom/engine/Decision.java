package dev.headroom.engine;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the engine decided, and why.
 *
 * @param replicas the replicas to set
 * @param resources the container resources to set (equal to the current ones when unchanged)
 * @param budgets every budget's observation and severity
 * @param reasons why, in words, one line per rule that mattered (for status and Events)
 * @param flags facts for conditions: missing metrics, ineffective scaling, limits hit
 * @param next the state to pass back with the next input
 */
public record Decision(
    int replicas,
    Map<String, ContainerResources> resources,
    List<BudgetEvaluation> budgets,
    List<String> reasons,
    Set<DecisionFlag> flags,
    EngineState next) {

  public Decision {
    resources = Map.copyOf(resources);
    budgets = List.copyOf(budgets);
    reasons = List.copyOf(reasons);
    flags = Set.copyOf(flags);
  }

  public boolean has(DecisionFlag flag) {
    return flags.contains(flag);
  }
}
