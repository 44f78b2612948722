package dev.headroom.engine;

import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * A throughput minimum ({@code minRequestsPerSecond}) read the way a performance guide means it:
 * "the service can sustain at least this rate", not "users must send it". The floor is a capacity
 * to keep provisioned — enough replicas that the rate one replica can serve within the latency
 * budgets, as learned, covers it — and it is violated only when the service does not serve what it
 * is offered up to the floor, or when the capacity it has is below the floor. A quiet night is not
 * a violation.
 */
public final class ThroughputFloor {
  /**
   * The share of what is offered (up to the floor) that may go unserved, as errors, before the
   * floor counts as not served: below it, failures are the error budget's business.
   */
  public static final double SERVED_TOLERANCE = 0.05;

  private static final int SEARCH_STEPS = 40;

  private ThroughputFloor() {}

  /**
   * The throughput the service shows it sustains, judged against the floor: what it serves when it
   * fails to serve what it is offered up to the floor; otherwise the larger of what it serves and
   * the capacity of its Ready replicas. Empty when the request rate is missing, or when the load is
   * below the floor and no capacity has been learned yet (nothing to judge by).
   */
  static OptionalDouble sustainedRps(
      Budget floor, EngineInput input, EngineConfig config, OptionalDouble offeredRps) {
    if (offeredRps.isEmpty()) {
      return OptionalDouble.empty();
    }
    double offered = offeredRps.getAsDouble();
    double errors =
        input
            .signals()
            .errorRatio()
            .filter(s -> s.freshAt(input.now(), config.staleAfter()))
            .map(Sample::value)
            .filter(Double::isFinite)
            .orElse(0.0);
    double served = offered * (1 - Math.min(1, Math.max(0, errors)));
    if (served < Math.min(offered, floor.target()) * (1 - SERVED_TOLERANCE)) {
      return OptionalDouble.of(served);
    }
    OptionalDouble perReplica =
        perReplicaRps(
            input, config, input.state().capacity(), input.workload().usableCoresPerPod());
    if (perReplica.isEmpty()) {
      return served >= floor.target() ? OptionalDouble.of(served) : OptionalDouble.empty();
    }
    double ready = Math.max(0, input.workload().readyReplicas());
    return OptionalDouble.of(Math.max(served, ready * perReplica.getAsDouble()));
  }

  /**
   * The replicas whose learned capacity covers the floor: a provisioning floor beside minReplicas.
   * Empty before a capacity is learned.
   */
  static Optional<Recommendation> recommend(
      Budget floor,
      EngineInput input,
      EngineConfig config,
      CapacityEstimate capacity,
      double cores) {
    OptionalDouble perReplica = perReplicaRps(input, config, capacity, cores);
    if (perReplica.isEmpty() || floor.target() <= 0) {
      return Optional.empty();
    }
    int max = input.policy().maxReplicas();
    int needed = (int) Math.ceil(floor.target() / Math.max(perReplica.getAsDouble(), 1e-9) - 1e-9);
    int replicas = Math.max(1, Math.min(max, needed));
    return Optional.of(
        new Recommendation(
            floor,
            replicas,
            String.format(
                Locale.ROOT,
                "%s floor %s: %s each within the budgets, so %s%s",
                floor.name(),
                Units.format(floor.kind(), floor.target()),
                Units.format(floor.kind(), perReplica.getAsDouble()),
                Units.replicas(replicas),
                needed > max ? " (the most allowed; the floor needs " + needed + ")" : "")));
  }

  /**
   * The request rate one replica of {@code cores} can serve, as learned: within every latency
   * budget's aim and any overload seen, at most the utilisation the engine plans for, and at most a
   * per-replica throughput budget. Empty before the cost of a request is learned.
   */
  static OptionalDouble perReplicaRps(
      EngineInput input, EngineConfig config, CapacityEstimate capacity, double cores) {
    if (!capacity.known() || cores <= 0 || capacity.serviceDemandCoreSeconds() <= 0) {
      return OptionalDouble.empty();
    }
    double rps = cores * config.maxUtilization() / capacity.serviceDemandCoreSeconds();
    for (Budget budget : input.policy().budgets()) {
      if (budget.kind().isLatency()) {
        rps =
            Math.min(
                rps, withinLatency(budget, budget.aim(config.headroom()), capacity, cores, rps));
        double overloaded = capacity.overloadedAtRpsPerReplica(budget.name(), input.now());
        rps = Math.min(rps, HorizontalRecommender.OVERLOAD_SHARE * overloaded);
      } else if (budget.kind() == BudgetKind.THROUGHPUT_PER_REPLICA) {
        rps = Math.min(rps, budget.target());
      }
    }
    return OptionalDouble.of(rps);
  }

  /**
   * The highest rate per replica up to {@code upTo} whose predicted latency meets the aim. A budget
   * that no load meets (its load-independent part alone is past the aim) limits nothing here:
   * replicas cannot fix it, and that is reported where it is judged.
   */
  private static double withinLatency(
      Budget budget, double aim, CapacityEstimate capacity, double cores, double upTo) {
    if (capacity.predictLatency(budget, upTo, 1, cores) <= aim) {
      return upTo;
    }
    if (!(capacity.predictLatency(budget, upTo * 1e-6, 1, cores) <= aim)) {
      return upTo;
    }
    double low = 0;
    double high = upTo;
    for (int i = 0; i < SEARCH_STEPS; i++) {
      double middle = (low + high) / 2;
      if (capacity.predictLatency(budget, middle, 1, cores) <= aim) {
        low = middle;
      } else {
        high = middle;
      }
    }
    return low;
  }
}
