package dev.headroom.engine;

import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * A replica count per signal. Utilisation signals follow the HPA's rule, ceil(ready × observed /
 * aim) with a tolerance; latency follows the queueing model: the fewest replicas whose predicted
 * latency meets the aim, because a percentile does not scale in proportion to replicas.
 */
final class HorizontalRecommender {
  /** How much a saturated workload grows per decision, at least. */
  static final double SATURATED_GROWTH = 1.5;

  /** Latency never asks for more than this many times the replicas utilisation needs. */
  static final int LATENCY_OVER_UTILIZATION = 2;

  /**
   * The share of the load per replica at which a budget was seen violated that the engine plans for
   * at most: the budgets' own headroom.
   */
  static final double OVERLOAD_SHARE = 0.9;

  /**
   * Where between the lowest latency replicas can give and the target the engine aims when the
   * usual headroom below the target is out of reach.
   */
  static final double REACHABLE_SHARE = 0.8;

  private final EngineInput input;
  private final EngineConfig config;
  private final CapacityEstimate capacity;
  private final Optional<LoadTrend> trend;
  private final double coresPerPod;

  /**
   * @param coresPerPod the cores each pod will have once this decision's resources apply
   */
  HorizontalRecommender(
      EngineInput input,
      EngineConfig config,
      CapacityEstimate capacity,
      Optional<LoadTrend> trend,
      double coresPerPod) {
    this.input = input;
    this.config = config;
    this.capacity = capacity;
    this.trend = trend;
    this.coresPerPod = coresPerPod;
  }

  /** Whether this budget's signal drives horizontal scaling at all. */
  static boolean drivesScaling(Budget budget) {
    return switch (budget.kind()) {
      case LATENCY_QUANTILE,
          LATENCY_AVERAGE,
          CPU_UTILIZATION,
          CPU_CORES,
          MEMORY_UTILIZATION,
          THROUGHPUT_PER_REPLICA ->
          true;
      case ERROR_RATIO, THROUGHPUT_MIN, MEMORY_PEAK -> false;
    };
  }

  /** The recommendation for one budget with a fresh observation, or empty if it has none. */
  Optional<Recommendation> recommend(Budget budget, double observed) {
    return switch (budget.kind()) {
      case CPU_UTILIZATION, MEMORY_UTILIZATION, CPU_CORES, THROUGHPUT_PER_REPLICA ->
          Optional.of(proportional(budget, observed));
      case LATENCY_QUANTILE, LATENCY_AVERAGE -> Optional.of(latency(budget, observed));
      default -> Optional.empty();
    };
  }

  /** The HPA's rule on a per-replica average, over ready replicas; unready ones count as 0. */
  private Recommendation proportional(Budget budget, double observed) {
    int spec = input.workload().specReplicas();
    int ready = Math.max(1, input.workload().readyReplicas());
    double aim = budget.aim(config.headroom());
    double ratio = observed / aim;
    if (Math.abs(ratio - 1) <= config.tolerance()) {
      return new Recommendation(budget, spec, budget.name() + " within tolerance of its aim");
    }
    int desired = (int) Math.ceil(ratio * ready - 1e-9);
    if (ratio > 1 && spec > ready) {
      // Pods still starting will take load: as the HPA does, judge the ratio over all of them.
      double overAll = observed * ready / (aim * spec);
      if (overAll <= 1 + config.tolerance()) {
        return new Recommendation(
            budget, spec, budget.name() + " high, but " + (spec - ready) + " pods are starting");
      }
    }
    return new Recommendation(
        budget,
        desired,
        String.format(
            Locale.ROOT,
            "%s %s vs aim %s on %d ready replicas",
            budget.name(),
            Units.format(budget.kind(), observed),
            Units.format(budget.kind(), aim),
            ready));
  }

  private Recommendation latency(Budget budget, double observed) {
    int spec = input.workload().specReplicas();
    double aim = budget.aim(config.headroom());
    double cores = coresPerPod;
    if (!capacity.known() || trend.isEmpty() || cores <= 0) {
      // Nothing learned yet: proportional, and only ever upwards. Over the Ready pods, as the HPA
      // does: pods asked for and still starting will take load, and compounding the ratio on them
      // added a replica at every evaluation until they were Ready.
      int ready = Math.max(1, input.workload().readyReplicas());
      int desired =
          observed > aim ? Math.max(spec, (int) Math.ceil(ready * observed / aim - 1e-9)) : spec;
      return atLeastWhatWasSeen(
          new Recommendation(
              budget,
              desired,
              budget.name() + " " + Units.seconds(observed) + ": no capacity estimate yet"));
    }
    // Plan for the load the trend implies: the windowed rate lags a step by up to a window.
    double load = trend.get().projected();
    int max = input.policy().maxReplicas();
    OptionalDouble cpu = freshCpuPerPod();
    if (observed > aim
        && cpu.isPresent()
        && cpu.getAsDouble() / cores >= CapacityEstimate.SATURATED) {
      // Saturated: the served rate is capped, so demand is unknown and the model's answer too
      // small. Grow the Ready pods by half at least; pods asked for but still starting are part
      // of that growth, not a base to compound on. Stabilization takes back any excess.
      int grown = grownFromSaturation();
      return atLeastWhatWasSeen(
          new Recommendation(
              budget,
              Math.max(grown, fewestWithUtilization(load, cores, max)),
              String.format(
                  Locale.ROOT,
                  "%s %s with pods saturated (%.0f%% of their CPU): demand exceeds capacity",
                  budget.name(),
                  Units.seconds(observed),
                  100 * cpu.getAsDouble() / cores)));
    }
    aim = reachableAim(budget, aim, load, cores, max);
    int needed = fewestMeeting(budget, aim, load, cores, max);
    int forUtilization = fewestWithUtilization(load, cores, max);
    double served = capacity.servedRpsPerReplica(budget.name());
    if (served > 0) {
      // Evidence beats the fit the other way too: the budget was met at this load per replica in
      // a steady state, so no more replicas than keep the load per replica under it, less the
      // budgets' headroom, are needed. A queue factor fitted to a few histogram buckets near the
      // target can otherwise ask for far more, and the scale-down window holds them for minutes.
      // Without the headroom, a ramp outgrows the edge it plans for before new pods are Ready.
      // It only trims a scale-up: a cap that also scaled down turned noise at a steady load into
      // direction changes (step-3x: 18 -> 17 -> 18).
      needed =
          Math.min(
              needed, Math.max(spec, (int) Math.ceil(load / (OVERLOAD_SHARE * served) - 1e-9)));
    }
    boolean rising = load > trend.get().observed() * (1 + LoadTrend.STEADY / 2);
    if (observed <= aim && !rising && needed > spec) {
      // Latency within its aim at this load is evidence that these replicas suffice, whatever a
      // model not yet fitted to this service predicts.
      needed = spec;
    }
    if (needed > max) {
      return new Recommendation(
          budget,
          Math.max(forUtilization, 1),
          String.format(
              Locale.ROOT,
              "%s %s cannot reach %s with up to %s (%s of it does not depend on load)",
              budget.name(),
              Units.seconds(observed),
              Units.seconds(aim),
              Units.replicas(max),
              Units.seconds(Math.max(0, capacity.residual(budget.name())))),
          true);
    }
    if (needed > LATENCY_OVER_UTILIZATION * forUtilization) {
      // Past twice what utilisation needs, replicas run under half busy, where queueing is
      // small: a model asking for more is fitting noise (histogram buckets, a dependency), not
      // load. Cap it; the effectiveness check covers the rest.
      needed = LATENCY_OVER_UTILIZATION * forUtilization;
    }
    return atLeastWhatWasSeen(
        new Recommendation(
            budget,
            Math.max(needed, forUtilization),
            String.format(
                Locale.ROOT,
                "%s %s; at %.1f rps%s the queueing model needs %s for %s",
                budget.name(),
                Units.seconds(observed),
                load,
                load > trend.get().observed() * 1.01
                    ? String.format(Locale.ROOT, " (rising, %.1f observed)", trend.get().observed())
                    : "",
                Units.replicas(Math.max(needed, forUtilization)),
                Units.seconds(aim))));
  }

  /**
   * For a latency budget with no observation (no request completed in the window: pods crashed or
   * stuck; or the service too busy to answer its scrapes), what is left to go on. Pods at their CPU
   * limit by the kubelet's own counters are overloaded whatever the service reports: grow the Ready
   * pods by half, as with a saturated observation. Else the request rate alone: the replicas the
   * load needs by CPU. Only ever more than now; empty when neither says anything new.
   */
  Optional<Recommendation> fromPartialData(Budget budget) {
    if (!budget.kind().isLatency() || coresPerPod <= 0) {
      return Optional.empty();
    }
    OptionalDouble cpu = freshCpuPerPod();
    int spec = input.workload().specReplicas();
    if (cpu.isPresent() && cpu.getAsDouble() / coresPerPod >= CapacityEstimate.SATURATED) {
      int grown = Math.min(grownFromSaturation(), input.policy().maxReplicas());
      return grown <= spec
          ? Optional.empty()
          : Optional.of(
              new Recommendation(
                  budget,
                  grown,
                  String.format(
                      Locale.ROOT,
                      "%s not observed with pods saturated (%.0f%% of their CPU): growing the"
                          + " Ready pods by half",
                      budget.name(),
                      100 * cpu.getAsDouble() / coresPerPod)));
    }
    return fromRequestRateAlone(budget);
  }

  private Optional<Recommendation> fromRequestRateAlone(Budget budget) {
    if (!capacity.known() || trend.isEmpty()) {
      return Optional.empty();
    }
    int spec = input.workload().specReplicas();
    double load = trend.get().projected();
    int needed = fewestWithUtilization(load, coresPerPod, input.policy().maxReplicas());
    if (needed <= spec) {
      return Optional.empty();
    }
    return Optional.of(
        new Recommendation(
            budget,
            needed,
            String.format(
                Locale.ROOT,
                "%s not observed; at %.1f rps the pods need %s by CPU alone",
                budget.name(),
                load,
                Units.replicas(needed))));
  }

  /**
   * Never fewer replicas than keep the load per replica below where this budget was last seen
   * violated in a steady state (less the headroom), whatever the model says: a model fitted at one
   * operating point can promise more than the service gives.
   */
  private Recommendation atLeastWhatWasSeen(Recommendation recommendation) {
    Budget budget = recommendation.budget();
    double overloaded = capacity.overloadedAtRpsPerReplica(budget.name(), input.now());
    if (trend.isEmpty() || !Double.isFinite(overloaded) || recommendation.unreachable()) {
      return recommendation;
    }
    double load = trend.get().projected();
    int max = input.policy().maxReplicas();
    int floor = Math.min(max, (int) Math.ceil(load / (OVERLOAD_SHARE * overloaded) - 1e-9));
    if (floor <= recommendation.replicas()) {
      return recommendation;
    }
    return recommendation.withReplicas(
        floor,
        String.format(
            Locale.ROOT,
            "%s; but it was violated at %.2f rps per replica: %d replicas keep %.1f rps below"
                + " that",
            recommendation.reason(),
            overloaded,
            floor,
            load));
  }

  /**
   * The aim, unless the model says no allowed replica count reaches it while the target itself is
   * within reach: then most of the way from the lowest latency replicas can give to the target. A
   * budget whose target is within the headroom of the latency at no load (multi-core pods, a high
   * percentile) would otherwise be given up as unreachable and left to utilisation alone, which
   * runs the pods far past the target. An explicit {@code scaleAt} is always obeyed.
   */
  double reachableAim(Budget budget, double aim, double load, double cores, int max) {
    if (!Double.isNaN(budget.scaleAt()) || !budget.higherIsWorse()) {
      return aim;
    }
    double best = capacity.predictLatency(budget, load, max, cores);
    if (!(best > aim) || !(best < budget.target())) {
      return aim;
    }
    return best + REACHABLE_SHARE * (budget.target() - best);
  }

  private OptionalDouble freshCpuPerPod() {
    return input
        .signals()
        .cpuCoresPerPod()
        .filter(c -> c.freshAt(input.now(), config.staleAfter()))
        .map(c -> OptionalDouble.of(c.value()))
        .orElse(OptionalDouble.empty());
  }

  /** The Ready pods grown by half, never fewer than asked for now. */
  private int grownFromSaturation() {
    int ready = Math.max(1, input.workload().readyReplicas());
    return Math.max(input.workload().specReplicas(), (int) Math.ceil(ready * SATURATED_GROWTH));
  }

  /** The fewest replicas whose predicted latency meets the aim; max + 1 when none does. */
  int fewestMeeting(Budget budget, double aim, double load, double cores, int max) {
    if (capacity.predictLatency(budget, load, max, cores) > aim) {
      return max + 1;
    }
    int low = 1;
    int high = max;
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (capacity.predictLatency(budget, load, mid, cores) <= aim) {
        high = mid;
      } else {
        low = mid + 1;
      }
    }
    return low;
  }

  /** The fewest replicas that keep utilisation at or below the ceiling the engine plans for. */
  int fewestWithUtilization(double load, double cores, int max) {
    double coresNeeded = load * capacity.serviceDemandCoreSeconds();
    int replicas = (int) Math.ceil(coresNeeded / (cores * config.maxUtilization()) - 1e-9);
    return Math.min(Math.max(replicas, 1), max);
  }
}
