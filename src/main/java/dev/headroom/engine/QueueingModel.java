package dev.headroom.engine;

/**
 * The engine's view of how a replica's latency depends on its load: an M/M/c queue whose c servers
 * are the replica's cores (c = ceil(cores), each at speed cores / c) — under one core the CFS
 * quota's view instead ({@link QuotaModel}) — with three corrections learned from observations
 * ({@link CapacityEstimate}): the service time's coefficient of variation (a request of fixed work
 * has a p95 near its mean, not three times it), a factor on the queueing delay and a
 * load-independent residual (network, dependencies). Latency grows without bound as utilisation
 * nears 1, which is why scaling a percentile proportionally under- or over-shoots.
 *
 * <p>A service time of cv ≤ 1 is read as a constant part plus an exponential one ((1 − cv) and cv
 * of the mean), so that its sum with an exponential wait keeps a closed-form tail; its waits are
 * scaled by Allen–Cunneen's (1 + cv²) / 2. At cv = 1 this is M/M/c.
 */
public final class QueueingModel {
  private QueueingModel() {}

  /** Utilisation of one replica: offered core-seconds per second over usable cores. */
  public static double utilization(
      double arrivalsPerSecond, double serviceDemandCoreSeconds, double cores) {
    return arrivalsPerSecond * serviceDemandCoreSeconds / cores;
  }

  /**
   * The latency statistic of one replica, before the residual.
   *
   * @param quantile the quantile in (0, 1), or NaN for the mean
   * @param arrivalsPerSecond requests per second to this replica
   * @param serviceDemandCoreSeconds CPU seconds one request needs at one core
   * @param cores usable cores of the replica
   * @param queueFactor the learned factor on queueing delay (1 for M/M/c)
   * @return seconds; +infinity at or past saturation
   */
  public static double latencySeconds(
      double quantile,
      double arrivalsPerSecond,
      double serviceDemandCoreSeconds,
      double cores,
      double queueFactor) {
    return latencySeconds(
        quantile, arrivalsPerSecond, serviceDemandCoreSeconds, cores, queueFactor, 1);
  }

  /**
   * The latency statistic of one replica whose service time has coefficient of variation {@code
   * serviceCv}, before the residual.
   *
   * @param serviceCv in [{@link #MIN_SERVICE_CV}, 1]; 1 is exponential
   */
  public static double latencySeconds(
      double quantile,
      double arrivalsPerSecond,
      double serviceDemandCoreSeconds,
      double cores,
      double queueFactor,
      double serviceCv) {
    double cv = Math.max(MIN_SERVICE_CV, Math.min(1, serviceCv));
    if (cores < 1) {
      return QuotaModel.latencySeconds(
          quantile, arrivalsPerSecond, serviceDemandCoreSeconds, cores, queueFactor, cv);
    }
    int servers = Math.max(1, (int) Math.ceil(cores - 1e-9));
    double speed = cores / servers;
    double meanService = serviceDemandCoreSeconds / speed;
    double offered = arrivalsPerSecond * meanService;
    if (offered >= servers) {
      return Double.POSITIVE_INFINITY;
    }
    double shift = (1 - cv) * meanService;
    double variableRate = 1 / (cv * meanService);
    double waitProbability = erlangC(servers, offered);
    if (waitProbability < 1e-12) {
      // No queueing: the service time alone.
      return Double.isNaN(quantile) ? meanService : shift - Math.log(1 - quantile) / variableRate;
    }
    double drainRate =
        (servers / meanService - arrivalsPerSecond) / (queueFactor * allenCunneen(cv));
    if (Double.isNaN(quantile)) {
      return meanService + waitProbability / drainRate;
    }
    return shift + responseQuantile(quantile, variableRate, waitProbability, drainRate);
  }

  /** The least service-time cv the engine reads: a request of fixed work still varies a little. */
  public static final double MIN_SERVICE_CV = 0.05;

  /** Allen–Cunneen's factor on the M/M/c wait for a service time of this cv (Poisson arrivals). */
  static double allenCunneen(double serviceCv) {
    return (1 + serviceCv * serviceCv) / 2;
  }

  /** Erlang C: the probability that an arrival waits, for c servers and offered load a < c. */
  static double erlangC(int servers, double offered) {
    // Erlang B by its stable recurrence, then C from B.
    double erlangB = 1;
    for (int k = 1; k <= servers; k++) {
      erlangB = offered * erlangB / (k + offered * erlangB);
    }
    double utilization = offered / servers;
    return erlangB / (1 - utilization * (1 - erlangB));
  }

  /**
   * The q-quantile of response time T = W + S, with S ~ Exp(mu) and W zero with probability 1 - C,
   * else Exp(theta); found by bisection on the closed-form survival function.
   */
  private static double responseQuantile(double q, double mu, double c, double theta) {
    double tail = 1 - q;
    // T is at least its service part and at most the sum of both parts' quantiles.
    double low = -Math.log(tail) / mu;
    double high = -Math.log(tail) / mu + Math.max(0, Math.log(c / tail)) / theta;
    while (survival(high, mu, c, theta) > tail) {
      high *= 2;
    }
    // A relative precision of 1e-4 is far finer than any latency budget needs.
    while (high - low > 1e-4 * high) {
      double mid = (low + high) / 2;
      if (survival(mid, mu, c, theta) > tail) {
        low = mid;
      } else {
        high = mid;
      }
    }
    return high;
  }

  private static double survival(double t, double mu, double c, double theta) {
    double service = Math.exp(-mu * t);
    double sum;
    if (Math.abs(theta - mu) < 1e-9 * mu) {
      sum = (1 + mu * t) * Math.exp(-mu * t);
    } else {
      sum = (theta * Math.exp(-mu * t) - mu * Math.exp(-theta * t)) / (theta - mu);
    }
    return (1 - c) * service + c * sum;
  }
}
