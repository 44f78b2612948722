package dev.headroom.sim.run;

import dev.headroom.api.v1alpha1.LatencyBudget;
import dev.headroom.api.v1alpha1.PerformancePolicySpec;
import dev.headroom.sim.BudgetInfo;
import dev.headroom.sim.scenario.PolicyBudgets;
import java.util.List;
import java.util.function.ToDoubleFunction;

/** Turns a second's true values into each budget's value, in the budget's unit. */
final class BudgetMeter {
  private final List<BudgetInfo> budgets;
  private final List<ToDoubleFunction<TrueSecond>> readers;

  BudgetMeter(PerformancePolicySpec policy) {
    this.budgets = PolicyBudgets.of(policy);
    this.readers = budgets.stream().map(b -> reader(policy, b)).toList();
  }

  List<BudgetInfo> budgets() {
    return budgets;
  }

  double[] measure(TrueSecond truth) {
    double[] values = new double[readers.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = readers.get(i).applyAsDouble(truth);
    }
    return values;
  }

  /**
   * A throughput floor's value, as the engine judges it ({@code engine.ThroughputFloor}): what was
   * served when less than was offered up to the floor was served; otherwise the larger of what was
   * served and what the Ready pods could serve within the budgets. A quiet second is no violation.
   */
  static double sustainedRps(TrueSecond t, double floor) {
    double served = t.servedRps();
    if (served < Math.min(t.arrivals, floor) * (1 - ServingCapacity.SERVED_TOLERANCE)) {
      return served;
    }
    return Double.isNaN(t.capacityRps) ? served : Math.max(served, t.capacityRps);
  }

  private static ToDoubleFunction<TrueSecond> reader(PerformancePolicySpec policy, BudgetInfo b) {
    LatencyBudget latency = PolicyBudgets.latencyBudget(policy, b.name());
    if (latency != null) {
      if (PolicyBudgets.isAverage(latency)) {
        return t -> t.latency.isEmpty() ? Double.NaN : t.latency.meanSeconds();
      }
      double q = latency.percentile();
      return t -> t.latency.quantileSeconds(q);
    }
    return switch (b.name()) {
      case PolicyBudgets.ERROR_RATE -> TrueSecond::errorRatio;
      case PolicyBudgets.THROUGHPUT_MIN -> t -> sustainedRps(t, b.target());
      case PolicyBudgets.THROUGHPUT_PER_REPLICA -> TrueSecond::rpsPerReadyReplica;
      case PolicyBudgets.CPU_UTILIZATION -> TrueSecond::cpuUtilization;
      case PolicyBudgets.CPU_CORES -> t -> t.cpuCoresMax;
      case PolicyBudgets.MEMORY_UTILIZATION -> TrueSecond::memoryUtilization;
      case PolicyBudgets.MEMORY_PEAK -> t -> t.memoryPeakBytes;
      default -> throw new IllegalStateException("no measure for budget " + b.name());
    };
  }
}
