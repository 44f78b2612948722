package dev.headroom.engine;

import dev.headroom.api.v1alpha1.ContainerResourcePolicy;
import dev.headroom.api.v1alpha1.GoDuration;
import dev.headroom.api.v1alpha1.LatencyBudget;
import dev.headroom.api.v1alpha1.LatencySetPoint;
import dev.headroom.api.v1alpha1.LatencyStatistic;
import dev.headroom.api.v1alpha1.MissingMetricsAction;
import dev.headroom.api.v1alpha1.PerformancePolicySpec;
import dev.headroom.api.v1alpha1.ResourceAmounts;
import dev.headroom.api.v1alpha1.ResourcePolicy;
import dev.headroom.api.v1alpha1.ScaleAt;
import dev.headroom.api.v1alpha1.ScalingRules;
import dev.headroom.engine.behavior.Behavior;
import dev.headroom.engine.behavior.DirectionRules;
import dev.headroom.engine.behavior.ScalingPolicy;
import dev.headroom.engine.behavior.SelectPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a PerformancePolicy spec (strings, percentages, quantities) into the engine's explicit
 * units, with the schema's defaults applied: fields the apiserver would have defaulted may be
 * absent in objects that never went through it (the simulator's, tests').
 */
public final class PolicyTranslator {
  static final Duration DEFAULT_SIGNAL_WINDOW = Duration.ofMinutes(5);

  private PolicyTranslator() {}

  public static EnginePolicy translate(PerformancePolicySpec spec) {
    var scaling = spec.scaling();
    var missing = scaling.onMissingMetrics();
    int fallback =
        missing != null
                && missing.action() == MissingMetricsAction.Fallback
                && missing.fallbackReplicas() != null
            ? missing.fallbackReplicas()
            : 0;
    return new EnginePolicy(
        budgets(spec),
        scaling.effectiveMinReplicas(),
        scaling.maxReplicas(),
        behavior(scaling.behavior()),
        fallback,
        resources(spec.resources()),
        spec.cost() == null
            ? Prices.DEFAULT
            : new Prices(
                orDefault(spec.cost().pricePerCoreHour(), Prices.DEFAULT.perCoreHour()),
                orDefault(spec.cost().pricePerGiBHour(), Prices.DEFAULT.perGiBHour())),
        signalWindow(spec));
  }

  /** The request rate is read over the first latency budget's window, as its percentiles are. */
  static Duration signalWindow(PerformancePolicySpec spec) {
    var b = spec.budgets();
    if (b.latency() != null && !b.latency().isEmpty()) {
      return GoDuration.parse(b.latency().get(0).effectiveWindow());
    }
    if (b.errorRate() != null) {
      return GoDuration.parse(b.errorRate().effectiveWindow());
    }
    return DEFAULT_SIGNAL_WINDOW;
  }

  static List<Budget> budgets(PerformancePolicySpec spec) {
    List<Budget> budgets = new ArrayList<>();
    var b = spec.budgets();
    ScaleAt scaleAt = spec.scaling().scaleAt();
    Map<String, Double> latencySetPoints = new HashMap<>();
    if (scaleAt != null && scaleAt.latency() != null) {
      for (LatencySetPoint point : scaleAt.latency()) {
        latencySetPoints.put(point.budget(), seconds(point.value()));
      }
    }
    if (b.latency() != null) {
      for (LatencyBudget latency : b.latency()) {
        boolean average = latency.statistic() == LatencyStatistic.Average;
        budgets.add(
            new Budget(
                "latency/" + latency.name(),
                average ? BudgetKind.LATENCY_AVERAGE : BudgetKind.LATENCY_QUANTILE,
                average ? Double.NaN : latency.percentile(),
                seconds(latency.target()),
                latency.critical() == null ? Double.NaN : seconds(latency.critical()),
                latencySetPoints.getOrDefault(latency.name(), Double.NaN)));
      }
    }
    if (b.errorRate() != null) {
      budgets.add(
          new Budget(
              "errorRate",
              BudgetKind.ERROR_RATIO,
              Double.NaN,
              b.errorRate().targetPercent() / 100,
              b.errorRate().criticalPercent() == null
                  ? Double.NaN
                  : b.errorRate().criticalPercent() / 100,
              Double.NaN));
    }
    var throughput = b.throughput();
    if (throughput != null && throughput.minRequestsPerSecond() != null) {
      budgets.add(
          new Budget(
              "throughput/min",
              BudgetKind.THROUGHPUT_MIN,
              Double.NaN,
              throughput.minRequestsPerSecond(),
              orNaN(throughput.criticalMinRequestsPerSecond()),
              Double.NaN));
    }
    if (throughput != null && throughput.requestsPerSecondPerReplica() != null) {
      budgets.add(
          Budget.of(
              "throughput/perReplica",
              BudgetKind.THROUGHPUT_PER_REPLICA,
              throughput.requestsPerSecondPerReplica()));
    }
    var cpu = b.cpu();
    if (cpu != null && cpu.targetUtilizationPercent() != null) {
      budgets.add(
          new Budget(
              "cpu/utilization",
              BudgetKind.CPU_UTILIZATION,
              Double.NaN,
              cpu.targetUtilizationPercent() / 100.0,
              percent(cpu.criticalUtilizationPercent()),
              scaleAt == null ? Double.NaN : percent(scaleAt.cpuUtilizationPercent())));
    } else if (scaleAt != null && scaleAt.cpuUtilizationPercent() != null) {
      double at = scaleAt.cpuUtilizationPercent() / 100.0;
      budgets.add(
          new Budget(
              "cpu/utilization", BudgetKind.CPU_UTILIZATION, Double.NaN, at, Double.NaN, at));
    }
    if (cpu != null && cpu.targetCores() != null) {
      budgets.add(
          new Budget(
              "cpu/cores",
              BudgetKind.CPU_CORES,
              Double.NaN,
              Quantities.cpuMillis(cpu.targetCores()) / 1000.0,
              cpu.criticalCores() == null
                  ? Double.NaN
                  : Quantities.cpuMillis(cpu.criticalCores()) / 1000.0,
              Double.NaN));
    }
    var memory = b.memory();
    if (memory != null && memory.targetUtilizationPercent() != null) {
      budgets.add(
          new Budget(
              "memory/utilization",
              BudgetKind.MEMORY_UTILIZATION,
              Double.NaN,
              memory.targetUtilizationPercent() / 100.0,
              percent(memory.criticalUtilizationPercent()),
              scaleAt == null ? Double.NaN : percent(scaleAt.memoryUtilizationPercent())));
    } else if (scaleAt != null && scaleAt.memoryUtilizationPercent() != null) {
      double at = scaleAt.memoryUtilizationPercent() / 100.0;
      budgets.add(
          new Budget(
              "memory/utilization", BudgetKind.MEMORY_UTILIZATION, Double.NaN, at, Double.NaN, at));
    }
    if (memory != null && memory.targetPeak() != null) {
      budgets.add(
          new Budget(
              "memory/peak",
              BudgetKind.MEMORY_PEAK,
              Double.NaN,
              Quantities.bytes(memory.targetPeak()),
              memory.criticalPeak() == null ? Double.NaN : Quantities.bytes(memory.criticalPeak()),
              Double.NaN));
    }
    return budgets;
  }

  /** HPA semantics: an absent direction or field takes the HPA's default for that direction. */
  static Behavior behavior(dev.headroom.api.v1alpha1.ScalingBehavior behavior) {
    Behavior defaults = Behavior.hpaDefaults();
    if (behavior == null) {
      return defaults;
    }
    return new Behavior(
        direction(behavior.scaleUp(), defaults.scaleUp()),
        direction(behavior.scaleDown(), defaults.scaleDown()));
  }

  private static DirectionRules direction(ScalingRules rules, DirectionRules defaults) {
    if (rules == null) {
      return defaults;
    }
    DirectionRules result = defaults;
    if (rules.stabilizationWindowSeconds() != null) {
      result =
          result.withStabilizationWindow(Duration.ofSeconds(rules.stabilizationWindowSeconds()));
    }
    if (rules.selectPolicy() != null) {
      result =
          result.withSelectPolicy(
              SelectPolicy.valueOf(rules.selectPolicy().name().toUpperCase(Locale.ROOT)));
    }
    if (rules.policies() != null) {
      result =
          result.withPolicies(
              rules.policies().stream()
                  .map(
                      p ->
                          switch (p.type()) {
                            case Pods ->
                                ScalingPolicy.pods(
                                    p.value(), Duration.ofSeconds(p.periodSeconds()));
                            case Percent ->
                                ScalingPolicy.percent(
                                    p.value(), Duration.ofSeconds(p.periodSeconds()));
                          })
                  .toList());
    }
    if (rules.cooldownSeconds() != null) {
      result = result.withCooldown(Duration.ofSeconds(rules.cooldownSeconds()));
    }
    return result;
  }

  static ResourceRules resources(ResourcePolicy resources) {
    if (resources == null || resources.mode() == null) {
      return ResourceRules.OFF;
    }
    ResourceMode mode =
        switch (resources.mode()) {
          case Off -> ResourceMode.OFF;
          case Requests -> ResourceMode.REQUESTS;
          case RequestsAndLimits -> ResourceMode.REQUESTS_AND_LIMITS;
        };
    Map<String, ResourceBounds> bounds = new HashMap<>();
    if (resources.containers() != null) {
      for (ContainerResourcePolicy container : resources.containers()) {
        bounds.put(
            container.name(),
            new ResourceBounds(
                cpu(container.minAllowed()),
                cpu(container.maxAllowed()),
                memory(container.minAllowed()),
                memory(container.maxAllowed())));
      }
    }
    return new ResourceRules(
        mode,
        resources.minChangePercent() == null ? 0.1 : resources.minChangePercent() / 100.0,
        resources.minRolloutInterval() == null
            ? Duration.ofMinutes(15)
            : GoDuration.parse(resources.minRolloutInterval()),
        bounds);
  }

  private static long cpu(ResourceAmounts amounts) {
    return amounts == null || amounts.cpu() == null ? 0 : Quantities.cpuMillis(amounts.cpu());
  }

  private static long memory(ResourceAmounts amounts) {
    return amounts == null || amounts.memory() == null ? 0 : Quantities.bytes(amounts.memory());
  }

  private static double seconds(String duration) {
    return GoDuration.parse(duration).toNanos() / 1e9;
  }

  private static double percent(Integer percent) {
    return percent == null ? Double.NaN : percent / 100.0;
  }

  private static double orNaN(Double value) {
    return value == null ? Double.NaN : value;
  }

  private static double orDefault(Double value, double otherwise) {
    return value == null ? otherwise : value;
  }
}
