package dev.headroom.sim.oracle;

import dev.headroom.api.v1alpha1.LatencyBudget;
import dev.headroom.api.v1alpha1.PerformancePolicySpec;
import dev.headroom.sim.BudgetInfo;
import dev.headroom.sim.ControlAction;
import dev.headroom.sim.Controller;
import dev.headroom.sim.Observation;
import dev.headroom.sim.Resources;
import dev.headroom.sim.load.LoadTrace;
import dev.headroom.sim.model.ServiceModel;
import dev.headroom.sim.model.SteadyState;
import dev.headroom.sim.observe.SimClock;
import dev.headroom.sim.run.ControllerFactory;
import dev.headroom.sim.run.ScenarioContext;
import dev.headroom.sim.run.ServingCapacity;
import dev.headroom.sim.scenario.PolicyBudgets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.DoubleUnaryOperator;

/**
 * The clairvoyant reference: it knows the future load and the true service model, and every second
 * asks for the fewest replicas that meet every latency, error-rate and throughput budget at the
 * expected load of each second from now until a new pod could be Ready, so that pods start exactly
 * one start-up time ahead of need. It plans for the busy seconds of random arrivals (the expected
 * rate plus three standard deviations) and keeps every pod's working set under its memory limit, so
 * that no pod is OOM-killed. When pods start one at a time (a StatefulSet with OrderedReady) it
 * starts a rise's pods early enough for the chain to deliver them: it asks for the need of every
 * later second less the pods that can still start one after another before it. A throughput floor
 * ({@code minRequestsPerSecond}) is a capacity it keeps whatever the load: the fewest replicas
 * whose true capacity within the budgets ({@link ServingCapacity}) covers it. It never changes
 * resources, and stays within the policy's replica bounds. CPU and memory budgets are about pod
 * sizing and are left to controllers that size pods.
 */
public final class OracleController implements Controller {
  /**
   * When no replica count meets a budget (a slow dependency, say), the oracle takes the fewest
   * replicas whose worst budget is within this share of the best any count achieves.
   */
  static final double NO_BETTER_TOLERANCE = 0.02;

  /** How many standard deviations of Poisson arrivals above the expected rate to plan for. */
  static final double ARRIVAL_DEVIATIONS = 3;

  private final LoadTrace trace;
  private final ServiceModel model;
  private final Resources resources;
  private final int minReplicas;
  private final int maxReplicas;
  private final int leadSeconds;
  private final boolean orderedReady;
  private final List<Check> checks;
  private final boolean poissonArrivals;
  private final int[] needBySecond;
  private final double floorRps;
  private final ServingCapacity capacity;

  public OracleController(ScenarioContext context) {
    this.trace = context.oracleTrace();
    this.model = context.oracleServiceModel();
    this.resources = context.initialResources();
    PerformancePolicySpec policy = context.policy();
    this.minReplicas = policy.scaling().effectiveMinReplicas();
    this.maxReplicas = Math.max(minReplicas, policy.scaling().maxReplicas());
    this.leadSeconds = context.oracleMaxStartupSeconds();
    this.orderedReady = context.scenario().workload().orderedReady();
    this.checks = checks(policy, context.budgets(), model, resources);
    this.poissonArrivals = context.scenario().load().poissonArrivals();
    this.floorRps =
        context.budgets().stream()
            .filter(b -> b.name().equals(PolicyBudgets.THROUGHPUT_MIN))
            .mapToDouble(BudgetInfo::target)
            .findFirst()
            .orElse(0);
    this.capacity = ServingCapacity.of(policy, context.budgets(), model);
    this.needBySecond = new int[context.scenario().durationSeconds() + leadSeconds + 2];
    Arrays.fill(needBySecond, -1);
  }

  public static ControllerFactory factory() {
    return OracleController::new;
  }

  @Override
  public String name() {
    return "oracle";
  }

  @Override
  public Duration syncPeriod() {
    return Duration.ofSeconds(1);
  }

  @Override
  public ControlAction decide(Observation observation) {
    int now = SimClock.second(observation.now());
    int desired = minReplicas;
    int neededAt = now + 1;
    for (int second = now + 1; second <= now + 1 + leadSeconds; second++) {
      int need = need(second);
      if (need > desired) {
        desired = need;
        neededAt = second;
      }
    }
    if (orderedReady && leadSeconds > 0) {
      // One pod at a time: asked for at the next second, the j-th pod from now is Ready within j
      // start-ups, so the need of a later second t must already be met, less the pods the chain
      // can still deliver by then. Nearer t this only grows, so the count asked for never drops
      // while a rise is coming, and the chain is never cut short.
      int last = Math.min(needBySecond.length - 1, now + 1 + leadSeconds * (maxReplicas + 1));
      for (int second = now + 2 + leadSeconds; second <= last; second++) {
        int need = need(second) - (second - now - 2) / leadSeconds;
        if (need > desired) {
          desired = need;
          neededAt = second;
        }
      }
    }
    return ControlAction.replicas(desired, desired + " needed at second " + neededAt);
  }

  /** The fewest replicas meeting the budgets at the expected load of {@code second}. */
  int need(int second) {
    if (second < needBySecond.length && needBySecond[second] >= 0) {
      return needBySecond[second];
    }
    int need = computeNeed(second);
    if (second < needBySecond.length) {
      needBySecond[second] = need;
    }
    return need;
  }

  private int computeNeed(int second) {
    double expected = trace.rpsAt(second);
    double rps = poissonArrivals ? expected + ARRIVAL_DEVIATIONS * Math.sqrt(expected) : expected;
    double added = model.parameters().addedDependencySecondsAt(second);
    return Math.max(floorReplicas(added), loadNeed(rps, added));
  }

  /**
   * A throughput floor is a capacity to keep whatever the load: the fewest replicas whose true
   * capacity within the budgets covers it.
   */
  private int floorReplicas(double added) {
    if (floorRps <= 0) {
      return minReplicas;
    }
    double perPod = capacity.perPodRps(resources, added);
    int needed = (int) Math.ceil(floorRps / Math.max(perPod, 1e-9) - 1e-9);
    return Math.max(minReplicas, Math.min(maxReplicas, needed));
  }

  private int loadNeed(double rps, double added) {
    if (rps <= 0 || checks.isEmpty()) {
      return minReplicas;
    }
    DoubleUnaryOperator worst = n -> worstRatio(rps / n, rps, (int) n, added);
    if (worst.applyAsDouble(maxReplicas) > 1) {
      double best = worst.applyAsDouble(maxReplicas);
      return fewestWithin(worst, best * (1 + NO_BETTER_TOLERANCE));
    }
    return fewestWithin(worst, 1);
  }

  /** Binary search: more replicas never make a budget worse. */
  private int fewestWithin(DoubleUnaryOperator worst, double limit) {
    int low = minReplicas;
    int high = maxReplicas;
    if (worst.applyAsDouble(low) <= limit) {
      return low;
    }
    while (high - low > 1) {
      int middle = (low + high) >>> 1;
      if (worst.applyAsDouble(middle) <= limit) {
        high = middle;
      } else {
        low = middle;
      }
    }
    return high;
  }

  /** The largest value/target over the budgets (1 = exactly on target) with n replicas. */
  private double worstRatio(double perPodRps, double totalRps, int replicas, double added) {
    if (perPodRps >= ServiceModel.MAX_EQUILIBRIUM_UTILIZATION * model.capacityRps(resources)) {
      return Double.MAX_VALUE / 4 / replicas;
    }
    SteadyState state = model.steadyState(resources, perPodRps, added);
    double timeoutShare = state.latency().tail(model.parameters().timeoutSeconds());
    double worst = 0;
    for (Check check : checks) {
      worst = Math.max(worst, check.ratio(state, timeoutShare, totalRps, replicas));
    }
    return worst;
  }

  /** One budget as a ratio to its target, higher is worse. */
  private interface Check {
    double ratio(SteadyState state, double timeoutShare, double totalRps, int replicas);
  }

  private static List<Check> checks(
      PerformancePolicySpec policy, List<BudgetInfo> budgets, ServiceModel model, Resources r) {
    List<Check> checks = new ArrayList<>();
    if (r.memoryLimitBytes() > 0) {
      long base = model.parameters().memoryBaseBytes();
      long perRequest = model.parameters().memoryBytesPerInFlightRequest();
      checks.add(
          (s, t, rps, n) -> (base + perRequest * s.inFlightRequests()) / r.memoryLimitBytes());
    }
    for (BudgetInfo budget : budgets) {
      double target = budget.target();
      LatencyBudget latency = PolicyBudgets.latencyBudget(policy, budget.name());
      if (latency != null) {
        if (PolicyBudgets.isAverage(latency)) {
          checks.add((s, t, rps, n) -> s.latency().meanSeconds() / target);
        } else {
          double q = latency.percentile();
          checks.add((s, t, rps, n) -> s.latency().quantileSeconds(q) / target);
        }
        continue;
      }
      switch (budget.name()) {
        case PolicyBudgets.ERROR_RATE -> checks.add((s, t, rps, n) -> t / target);
        case PolicyBudgets.THROUGHPUT_PER_REPLICA -> checks.add((s, t, rps, n) -> rps / n / target);
        case PolicyBudgets.THROUGHPUT_MIN ->
            // Served, of what is offered up to the floor (the floor's capacity is planned apart).
            checks.add(
                (s, t, rps, n) ->
                    Math.min(target, rps)
                        * (1 - ServingCapacity.SERVED_TOLERANCE)
                        / Math.max(rps * (1 - t), 1e-12));
        default -> {
          // CPU and memory budgets: a matter of pod size, which the oracle leaves alone.
        }
      }
    }
    return List.copyOf(checks);
  }
}
