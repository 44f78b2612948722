package dev.headroom.engine;

/**
 * The engine's view of a replica with less than one core, in closed form. The kernel's CFS quota
 * lets such a replica run at a full core until the 100 ms period's quota (cores × 100 ms) is spent
 * and then stops it until the next period, so a replica of a fifth of a core is not a server at a
 * fifth of a core's speed: a 10 ms request that finds quota left takes 10 ms, not 50.
 *
 * <p>A request's latency is read as g(V + S): V the work queued ahead of it, S its own, and g the
 * time the quota takes to get through that much work — a full core for the first quota's worth, the
 * quota's pace after it: g(x) = x up to the quota, quota + (x − quota) / cores beyond. V is the
 * work an M/M/1 queue at the replica's capacity holds (present with probability ρ, then
 * exponential, its mean times the learned factor), so that at low load a request runs at a full
 * core and near saturation the queue drains at the quota's pace, as a server of {@code cores}
 * would. Service times are a constant part plus an exponential one, as in {@link QueueingModel}. A
 * replica under one core without a limit is read the same way: its request is all the engine counts
 * on.
 */
final class QuotaModel {
  static final double PERIOD_SECONDS = 0.1;

  private QuotaModel() {}

  /**
   * @param quantile in (0, 1), or NaN for the mean
   * @param cores under one
   * @return seconds; +infinity at or past saturation
   */
  static double latencySeconds(
      double quantile,
      double arrivalsPerSecond,
      double serviceDemandCoreSeconds,
      double cores,
      double queueFactor,
      double serviceCv) {
    double utilization = Math.max(0, arrivalsPerSecond * serviceDemandCoreSeconds / cores);
    if (utilization >= 1) {
      return Double.POSITIVE_INFINITY;
    }
    Work work =
        new Work(
            (1 - serviceCv) * serviceDemandCoreSeconds,
            1 / (serviceCv * serviceDemandCoreSeconds),
            utilization,
            (1 - utilization)
                / (serviceDemandCoreSeconds * queueFactor * QueueingModel.allenCunneen(serviceCv)));
    double quotaSeconds = cores * PERIOD_SECONDS;
    if (Double.isNaN(quantile)) {
      // E[g(X)] = ∫ P(X > u) du up to the quota, then 1 / cores of it beyond.
      return work.integral(0, quotaSeconds) + work.integralFrom(quotaSeconds) / cores;
    }
    double workQuantile = work.quantile(quantile);
    return workQuantile <= quotaSeconds
        ? workQuantile
        : quotaSeconds + (workQuantile - quotaSeconds) / cores;
  }

  /**
   * X = V + S, in CPU seconds at one core: S = shift + Exp(serviceRate); V zero with probability 1
   * − ρ, else Exp(queueRate). Y = X − shift has the closed forms; X's follow by shifting.
   */
  private record Work(double shift, double serviceRate, double utilization, double queueRate) {
    double tail(double x) {
      if (x < shift) {
        return 1;
      }
      double y = x - shift;
      return (1 - utilization) * Math.exp(-serviceRate * y)
          + utilization * sumTail(serviceRate, queueRate, y);
    }

    /** ∫ P(X > u) du over [from, to]. */
    double integral(double from, double to) {
      return integralFrom(from) - integralFrom(to);
    }

    /** ∫ P(X > u) du over [from, ∞): the constant part before shift, Y's tail after it. */
    double integralFrom(double from) {
      double y = Math.max(0, from - shift);
      double alone = Math.exp(-serviceRate * y) / serviceRate;
      double a = serviceRate;
      double b = queueRate;
      double queued;
      if (Math.abs(a - b) < 1e-9 * a) {
        // (1 + a u) e^{−a u} integrates to (2 + a u) e^{−a u} / a.
        queued = (2 + a * y) * Math.exp(-a * y) / a;
      } else {
        queued = (b * Math.exp(-a * y) / a - a * Math.exp(-b * y) / b) / (b - a);
      }
      return Math.max(0, shift - from) + (1 - utilization) * alone + utilization * queued;
    }

    double quantile(double q) {
      double wanted = 1 - q;
      double low = shift;
      double high = shift + 1 / serviceRate + utilization / queueRate;
      while (tail(high) > wanted) {
        low = high;
        high = shift + 2 * (high - shift);
      }
      // A relative precision of 1e-4 is far finer than any latency budget needs.
      while (high - low > 1e-4 * high) {
        double middle = (low + high) / 2;
        if (tail(middle) > wanted) {
          low = middle;
        } else {
          high = middle;
        }
      }
      return high;
    }

    /** P(E_a + E_b > x) for independent exponentials of rates a and b. */
    private static double sumTail(double a, double b, double x) {
      if (Math.abs(a - b) < 1e-9 * a) {
        return (1 + a * x) * Math.exp(-a * x);
      }
      return (b * Math.exp(-a * x) - a * Math.exp(-b * x)) / (b - a);
    }
  }
}
