package dev.headroom.sim.scenario;

import dev.headroom.api.v1alpha1.Budgets;
import dev.headroom.api.v1alpha1.CpuBudget;
import dev.headroom.api.v1alpha1.ErrorRateBudget;
import dev.headroom.api.v1alpha1.GoDuration;
import dev.headroom.api.v1alpha1.LatencyBudget;
import dev.headroom.api.v1alpha1.LatencyStatistic;
import dev.headroom.api.v1alpha1.MemoryBudget;
import dev.headroom.api.v1alpha1.PerformancePolicySpec;
import dev.headroom.api.v1alpha1.ThroughputBudget;
import dev.headroom.sim.BudgetInfo;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.ArrayList;
import java.util.List;

/**
 * The budgets of a policy as the simulator measures and reports them, with their names:
 * latency/NAME (s), errorRate (ratio), throughput/min (rps, a minimum), throughput/perReplica (rps
 * per Ready replica), cpu/utilization (ratio of the request), cpu/cores (cores per pod, the
 * highest), memory/utilization (ratio of the request), memory/peak (bytes per pod, the highest).
 */
public final class PolicyBudgets {
  public static final String ERROR_RATE = "errorRate";
  public static final String THROUGHPUT_MIN = "throughput/min";
  public static final String THROUGHPUT_PER_REPLICA = "throughput/perReplica";
  public static final String CPU_UTILIZATION = "cpu/utilization";
  public static final String CPU_CORES = "cpu/cores";
  public static final String MEMORY_UTILIZATION = "memory/utilization";
  public static final String MEMORY_PEAK = "memory/peak";
  public static final String LATENCY_PREFIX = "latency/";

  private PolicyBudgets() {}

  /**
   * @throws IllegalArgumentException when a duration or quantity in the budgets cannot be read
   */
  public static List<BudgetInfo> of(PerformancePolicySpec spec) {
    Budgets budgets = spec.budgets();
    List<BudgetInfo> infos = new ArrayList<>();
    if (budgets.latency() != null) {
      for (LatencyBudget latency : budgets.latency()) {
        infos.add(
            new BudgetInfo(
                LATENCY_PREFIX + latency.name(),
                "s",
                seconds(latency.target()),
                latency.critical() == null ? Double.NaN : seconds(latency.critical()),
                true));
      }
    }
    ErrorRateBudget errors = budgets.errorRate();
    if (errors != null) {
      infos.add(
          new BudgetInfo(
              ERROR_RATE,
              "ratio",
              errors.targetPercent() / 100,
              errors.criticalPercent() == null ? Double.NaN : errors.criticalPercent() / 100,
              true));
    }
    ThroughputBudget throughput = budgets.throughput();
    if (throughput != null) {
      if (throughput.minRequestsPerSecond() != null) {
        infos.add(
            new BudgetInfo(
                THROUGHPUT_MIN,
                "rps",
                throughput.minRequestsPerSecond(),
                orNaN(throughput.criticalMinRequestsPerSecond()),
                false));
      }
      if (throughput.requestsPerSecondPerReplica() != null) {
        infos.add(
            new BudgetInfo(
                THROUGHPUT_PER_REPLICA,
                "rps",
                throughput.requestsPerSecondPerReplica(),
                Double.NaN,
                true));
      }
    }
    CpuBudget cpu = budgets.cpu();
    if (cpu != null) {
      if (cpu.targetUtilizationPercent() != null) {
        infos.add(
            new BudgetInfo(
                CPU_UTILIZATION,
                "ratio",
                cpu.targetUtilizationPercent() / 100.0,
                cpu.criticalUtilizationPercent() == null
                    ? Double.NaN
                    : cpu.criticalUtilizationPercent() / 100.0,
                true));
      }
      if (cpu.targetCores() != null) {
        infos.add(
            new BudgetInfo(
                CPU_CORES,
                "cores",
                amount(cpu.targetCores()),
                cpu.criticalCores() == null ? Double.NaN : amount(cpu.criticalCores()),
                true));
      }
    }
    MemoryBudget memory = budgets.memory();
    if (memory != null) {
      if (memory.targetUtilizationPercent() != null) {
        infos.add(
            new BudgetInfo(
                MEMORY_UTILIZATION,
                "ratio",
                memory.targetUtilizationPercent() / 100.0,
                memory.criticalUtilizationPercent() == null
                    ? Double.NaN
                    : memory.criticalUtilizationPercent() / 100.0,
                true));
      }
      if (memory.targetPeak() != null) {
        infos.add(
            new BudgetInfo(
                MEMORY_PEAK,
                "bytes",
                amount(memory.targetPeak()),
                memory.criticalPeak() == null ? Double.NaN : amount(memory.criticalPeak()),
                true));
      }
    }
    return List.copyOf(infos);
  }

  /** A latency budget of the policy by its reported name, or null. */
  public static LatencyBudget latencyBudget(PerformancePolicySpec spec, String budgetName) {
    if (!budgetName.startsWith(LATENCY_PREFIX) || spec.budgets().latency() == null) {
      return null;
    }
    String name = budgetName.substring(LATENCY_PREFIX.length());
    return spec.budgets().latency().stream()
        .filter(b -> b.name().equals(name))
        .findFirst()
        .orElse(null);
  }

  public static boolean isAverage(LatencyBudget budget) {
    return budget.statistic() == LatencyStatistic.Average;
  }

  public static double seconds(String goDuration) {
    return GoDuration.parse(goDuration).toNanos() / 1e9;
  }

  private static double amount(String quantity) {
    try {
      return Quantity.getAmountInBytes(new Quantity(quantity)).doubleValue();
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("not a quantity: '" + quantity + "'", e);
    }
  }

  private static double orNaN(Double value) {
    return value == null ? Double.NaN : value;
  }
}
