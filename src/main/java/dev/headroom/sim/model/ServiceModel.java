package dev.headroom.sim.model;

import dev.headroom.sim.Resources;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The "real service" of the simulator. Each pod is an M/G/c queue: c = ceil(usable cores) servers,
 * each running at usable cores / c of a core, so a request that needs S seconds on one core takes
 * S·c/usable seconds on a server. The wait comes from Erlang C scaled by Allen–Cunneen's (1 +
 * cv²)/2; past the stable range a fluid backlog builds up, adds its drain time to every request's
 * latency and sheds what would wait longer than the timeout. A pod whose CPU limit is under one
 * core is not a slow server but a full-speed one that the kernel stops when the period's quota is
 * spent ({@link CfsQuotaQueue}). The controllers' own estimates must not use this class.
 */
public final class ServiceModel {
  /**
   * The highest utilization at which the equilibrium formulas are used; beyond it the fluid backlog
   * takes over, because the equilibrium wait diverges as utilization tends to 1 while a real queue
   * needs far longer than a few seconds to get there.
   */
  public static final double MAX_EQUILIBRIUM_UTILIZATION = 0.98;

  private static final double CFS_PERIOD_SECONDS = 0.1;
  private static final double MIN_USABLE_CORES = 0.001;

  private final ServiceParameters parameters;
  private final ServiceTime serviceAtOneCore;
  private final double waitScale;
  private final Map<Long, CfsQuotaQueue> quotaQueues = new ConcurrentHashMap<>();

  public ServiceModel(ServiceParameters parameters) {
    this.parameters = parameters;
    this.serviceAtOneCore =
        ServiceTime.of(parameters.meanServiceSeconds(), parameters.serviceTimeCv());
    double cv = parameters.serviceTimeCv();
    this.waitScale = (1 + cv * cv) / 2;
  }

  public ServiceParameters parameters() {
    return parameters;
  }

  /** The cores a pod can use; a pod with neither request nor limit is given one millicore. */
  public static double usableCores(Resources resources) {
    return Math.max(resources.usableCores(), MIN_USABLE_CORES);
  }

  public static int servers(Resources resources) {
    return Math.max(1, (int) Math.ceil(usableCores(resources) - 1e-9));
  }

  /** The most requests per second one pod with these resources completes. */
  public double capacityRps(Resources resources) {
    return usableCores(resources) / parameters.meanServiceSeconds();
  }

  /**
   * The equilibrium of one pod at an arrival rate, capped at {@link #MAX_EQUILIBRIUM_UTILIZATION}
   * of its capacity.
   *
   * @param addedSeconds a constant delay every request pays on top (slow dependency, backlog)
   */
  public SteadyState steadyState(Resources resources, double arrivalRps, double addedSeconds) {
    if (underOneCoreLimit(resources)) {
      CfsQuotaQueue quota = quotaQueue(resources);
      double capacity = quota.capacityRps();
      double lambda = Math.min(Math.max(arrivalRps, 0), MAX_EQUILIBRIUM_UTILIZATION * capacity);
      return new SteadyState(
          1, capacity, lambda, lambda / capacity, quota.latency(lambda, addedSeconds));
    }
    double usable = usableCores(resources);
    int servers = servers(resources);
    double speed = usable / servers;
    ServiceTime atServer = serviceAtOneCore.scaled(1 / speed);
    double serverRate = speed / parameters.meanServiceSeconds();
    double capacity = servers * serverRate;
    double lambda = Math.min(Math.max(arrivalRps, 0), MAX_EQUILIBRIUM_UTILIZATION * capacity);
    double waitProbability = ErlangC.waitProbability(servers, lambda / serverRate);
    // M/M/c: a waiting request waits Exp(cμ − λ); Allen–Cunneen scales the mean by (1 + cv²)/2.
    double waitRate = (capacity - lambda) / waitScale;
    QueueLatency latency = new QueueLatency(addedSeconds, waitProbability, waitRate, atServer);
    return new SteadyState(servers, capacity, lambda, lambda / capacity, latency);
  }

  /**
   * One second of one Ready pod.
   *
   * @param arrivals requests routed to the pod during the second
   * @param backlogBefore the pod's carried-over backlog
   * @param second the simulated second (for the slow dependency)
   */
  public PodStep step(Resources resources, double arrivals, double backlogBefore, int second) {
    double added = parameters.addedDependencySecondsAt(second);
    double capacity = capacityRps(resources);
    SteadyState equilibrium = steadyState(resources, arrivals, added);

    double work = backlogBefore + arrivals;
    double completions = Math.min(work, capacity);
    double backlog = work - completions;
    double maxBacklog = parameters.timeoutSeconds() * capacity;
    double dropped = Math.max(0, backlog - maxBacklog);
    backlog -= dropped;
    // Requests completing now waited behind the backlog as it stood during the second.
    double backlogWaitSeconds = Math.min(backlogBefore, maxBacklog) / 2 / capacity;
    backlogWaitSeconds += backlog / 2 / capacity;
    PodLatency latency = equilibrium.latency().plus(backlogWaitSeconds);
    double timedOut = completions * latency.tail(parameters.timeoutSeconds());

    double cpuCores =
        Math.min(completions * parameters.meanServiceSeconds(), usableCores(resources));
    double throttled = throttledRatio(resources, arrivals, backlog > 0);
    double inFlight = equilibrium.inFlightRequests() + backlog;
    long workingSet =
        parameters.memoryBaseBytes()
            + Math.round(parameters.memoryBytesPerInFlightRequest() * inFlight);
    if (resources.memoryLimitBytes() > 0 && workingSet > resources.memoryLimitBytes()) {
      // The kernel kills the container: everything it held or received this second is lost.
      return new PodStep(arrivals, 0, work, 0, null, cpuCores, throttled, workingSet, true);
    }
    return new PodStep(
        arrivals,
        completions - timedOut,
        dropped + timedOut,
        backlog,
        completions > 0 ? latency : null,
        cpuCores,
        throttled,
        workingSet,
        false);
  }

  /**
   * The share of 100 ms CFS periods in which the pod's work exceeds its quota: measured for a limit
   * under one core, else with Poisson arrivals N per period, P(N·S > limit·period). Every period is
   * throttled while a backlog persists.
   */
  double throttledRatio(Resources resources, double arrivalRps, boolean saturated) {
    if (resources.cpuLimitMillis() == 0) {
      return 0;
    }
    if (saturated) {
      return 1;
    }
    if (underOneCoreLimit(resources)) {
      CfsQuotaQueue quota = quotaQueue(resources);
      return quota.throttledShare(
          Math.min(arrivalRps, MAX_EQUILIBRIUM_UTILIZATION * quota.capacityRps()));
    }
    double quotaRequests =
        resources.cpuLimitMillis() / 1000.0 * CFS_PERIOD_SECONDS / parameters.meanServiceSeconds();
    return Poisson.tailAbove(arrivalRps * CFS_PERIOD_SECONDS, (long) Math.floor(quotaRequests));
  }

  private static boolean underOneCoreLimit(Resources resources) {
    return resources.cpuLimitMillis() > 0 && resources.cpuLimitMillis() < 1000;
  }

  private CfsQuotaQueue quotaQueue(Resources resources) {
    return quotaQueues.computeIfAbsent(
        resources.cpuLimitMillis(), limit -> new CfsQuotaQueue(serviceAtOneCore, limit));
  }

  /** The working set of an idle container, as it is right after a (re)start. */
  public long idleWorkingSetBytes() {
    return parameters.memoryBaseBytes();
  }
}
