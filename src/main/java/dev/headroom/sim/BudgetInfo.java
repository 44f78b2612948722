package dev.headroom.sim;

/**
 * One budget of the scenario's policy, as the report shows it.
 *
 * @param name e.g. latency/p95, errorRate, cpu/utilization, memory/peak, throughput/min
 * @param unit the unit of {@code target}, {@code critical} and the timeline's values: s, ratio,
 *     rps, cores, bytes
 * @param target the budget's target
 * @param critical the critical threshold, or NaN
 * @param higherIsWorse true for latency, errors, CPU, memory; false for a throughput minimum
 */
public record BudgetInfo(
    String name, String unit, double target, double critical, boolean higherIsWorse) {

  /** Whether a true value violates the target. NaN (no traffic, say) is not a violation. */
  public boolean violatedBy(double value) {
    if (Double.isNaN(value)) {
      return false;
    }
    return higherIsWorse ? value > target : value < target;
  }
}
