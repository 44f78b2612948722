package dev.headroom.sim.report;

import dev.headroom.sim.BudgetInfo;
import dev.headroom.sim.Timeline;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Which seconds of a timeline violate which budgets, from the model's true values. */
final class BudgetViolations {
  static final String LATENCY_PREFIX = "latency/";

  private final int seconds;
  private final Map<String, boolean[]> targetViolated = new LinkedHashMap<>();
  private final Map<String, boolean[]> criticalViolated = new LinkedHashMap<>();
  private final boolean[] anyViolated;
  private final boolean[] latencyViolated;

  BudgetViolations(List<BudgetInfo> budgets, Timeline timeline) {
    seconds = timeline.seconds();
    anyViolated = new boolean[seconds];
    latencyViolated = new boolean[seconds];
    for (BudgetInfo budget : budgets) {
      double[] values = valuesOf(budget, timeline);
      boolean[] target = new boolean[seconds];
      boolean[] critical = hasCritical(budget) ? new boolean[seconds] : null;
      boolean latency = isLatency(budget);
      for (int second = 0; second < seconds; second++) {
        double value = values[second];
        target[second] = budget.violatedBy(value);
        anyViolated[second] |= target[second];
        if (latency) {
          latencyViolated[second] |= target[second];
        }
        if (critical != null) {
          critical[second] = pastCritical(budget, value);
        }
      }
      targetViolated.put(budget.name(), target);
      if (critical != null) {
        criticalViolated.put(budget.name(), critical);
      }
    }
  }

  static boolean isLatency(BudgetInfo budget) {
    return budget.name().startsWith(LATENCY_PREFIX);
  }

  Map<String, Integer> targetViolationSeconds() {
    return countEach(targetViolated);
  }

  Map<String, Integer> criticalViolationSeconds() {
    return countEach(criticalViolated);
  }

  int anyViolationSeconds() {
    return count(anyViolated);
  }

  int latencyViolationSeconds() {
    return count(latencyViolated);
  }

  /** Per second: whether every latency budget met its target (vacuously true without any). */
  boolean[] latencyMet() {
    boolean[] met = new boolean[seconds];
    for (int second = 0; second < seconds; second++) {
      met[second] = !latencyViolated[second];
    }
    return met;
  }

  private static double[] valuesOf(BudgetInfo budget, Timeline timeline) {
    double[] values = timeline.budgetValues().get(budget.name());
    // A missing series would silently score as "never violated"; the simulator must supply it.
    if (values == null) {
      throw new IllegalArgumentException("timeline has no values for budget " + budget.name());
    }
    if (values.length != timeline.seconds()) {
      throw new IllegalArgumentException(
          "budget "
              + budget.name()
              + " has "
              + values.length
              + " values for a "
              + timeline.seconds()
              + " s timeline");
    }
    return values;
  }

  private static boolean hasCritical(BudgetInfo budget) {
    return !Double.isNaN(budget.critical());
  }

  private static boolean pastCritical(BudgetInfo budget, double value) {
    if (Double.isNaN(value)) {
      return false;
    }
    return budget.higherIsWorse() ? value > budget.critical() : value < budget.critical();
  }

  private static Map<String, Integer> countEach(Map<String, boolean[]> masks) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    masks.forEach((name, mask) -> counts.put(name, count(mask)));
    return counts;
  }

  private static int count(boolean[] mask) {
    int count = 0;
    for (boolean set : mask) {
      if (set) {
        count++;
      }
    }
    return count;
  }
}
