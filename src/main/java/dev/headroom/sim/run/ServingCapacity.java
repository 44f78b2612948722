package dev.headroom.sim.run;

import dev.headroom.api.v1alpha1.LatencyBudget;
import dev.headroom.api.v1alpha1.PerformancePolicySpec;
import dev.headroom.engine.ThroughputFloor;
import dev.headroom.sim.BudgetInfo;
import dev.headroom.sim.Resources;
import dev.headroom.sim.model.ServiceModel;
import dev.headroom.sim.model.SteadyState;
import dev.headroom.sim.scenario.PolicyBudgets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The true rate one pod can serve within the policy's budgets: every latency budget met at its
 * target, below the equilibrium limit, and no more than a per-replica throughput budget. What a
 * throughput floor ({@code minRequestsPerSecond}) is judged and planned against in the simulator,
 * the truth the engine's learned capacity estimates. Not thread-safe: one per run.
 */
public final class ServingCapacity {
  /**
   * The share of what is offered up to a floor that may fail before the floor counts as not served:
   * the engine's.
   */
  public static final double SERVED_TOLERANCE = ThroughputFloor.SERVED_TOLERANCE;

  private static final int SEARCH_STEPS = 40;

  private final ServiceModel model;
  private final List<ToDoubleFunction<SteadyState>> latencyRatios;
  private final double perReplicaLimit;
  private final Map<Key, Double> cache = new HashMap<>();

  private record Key(Resources resources, double addedSeconds) {}

  private ServingCapacity(
      ServiceModel model, List<ToDoubleFunction<SteadyState>> latencyRatios, double limit) {
    this.model = model;
    this.latencyRatios = List.copyOf(latencyRatios);
    this.perReplicaLimit = limit;
  }

  public static ServingCapacity of(
      PerformancePolicySpec policy, List<BudgetInfo> budgets, ServiceModel model) {
    List<ToDoubleFunction<SteadyState>> ratios = new ArrayList<>();
    double limit = Double.POSITIVE_INFINITY;
    for (BudgetInfo budget : budgets) {
      double target = budget.target();
      LatencyBudget latency = PolicyBudgets.latencyBudget(policy, budget.name());
      if (latency != null) {
        if (PolicyBudgets.isAverage(latency)) {
          ratios.add(s -> s.latency().meanSeconds() / target);
        } else {
          double q = latency.percentile();
          ratios.add(s -> s.latency().quantileSeconds(q) / target);
        }
      } else if (budget.name().equals(PolicyBudgets.THROUGHPUT_PER_REPLICA)) {
        limit = Math.min(limit, target);
      }
    }
    return new ServingCapacity(model, ratios, limit);
  }

  /** Whether the policy has a throughput floor, the only budget this is needed for. */
  public static boolean needed(List<BudgetInfo> budgets) {
    return budgets.stream().anyMatch(b -> b.name().equals(PolicyBudgets.THROUGHPUT_MIN));
  }

  /**
   * Requests per second one pod with these resources serves within the budgets while every request
   * pays {@code addedSeconds} more (a slow dependency). A latency budget no load meets limits
   * nothing: replicas cannot fix it.
   */
  public double perPodRps(Resources resources, double addedSeconds) {
    return cache.computeIfAbsent(new Key(resources, addedSeconds), this::compute);
  }

  private double compute(Key key) {
    double high =
        Math.min(
            perReplicaLimit,
            ServiceModel.MAX_EQUILIBRIUM_UTILIZATION * model.capacityRps(key.resources()));
    double best = high;
    for (ToDoubleFunction<SteadyState> ratio : latencyRatios) {
      best = Math.min(best, highestMeeting(ratio, key, high));
    }
    return best;
  }

  private double highestMeeting(ToDoubleFunction<SteadyState> ratio, Key key, double high) {
    if (meets(ratio, key, high) || !meets(ratio, key, high * 1e-6)) {
      return high;
    }
    double low = 0;
    for (int i = 0; i < SEARCH_STEPS; i++) {
      double middle = (low + high) / 2;
      if (meets(ratio, key, middle)) {
        low = middle;
      } else {
        high = middle;
      }
    }
    return low;
  }

  private boolean meets(ToDoubleFunction<SteadyState> ratio, Key key, double rps) {
    return ratio.applyAsDouble(model.steadyState(key.resources(), rps, key.addedSeconds())) <= 1;
  }
}
