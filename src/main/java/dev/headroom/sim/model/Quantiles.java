package dev.headroom.sim.model;

/** Quantiles of a latency distribution from its tail function, by bisection. */
final class Quantiles {
  private static final int ITERATIONS = 48;

  private Quantiles() {}

  static double invertTail(Latency latency, double q) {
    if (!(q > 0 && q < 1)) {
      throw new IllegalArgumentException("quantile must be in (0, 1), got " + q);
    }
    double wanted = 1 - q;
    double low = 0;
    if (latency.tail(0) <= wanted) {
      return 0;
    }
    double high = Math.max(latency.meanSeconds(), 1e-6);
    while (latency.tail(high) > wanted) {
      low = high;
      high *= 2;
      if (high > 1e9) {
        return Double.POSITIVE_INFINITY;
      }
    }
    // 48 halvings bring the bracket below 1e-14 of its start: far below any budget's precision.
    for (int i = 0; i < ITERATIONS; i++) {
      double middle = (low + high) / 2;
      if (latency.tail(middle) > wanted) {
        low = middle;
      } else {
        high = middle;
      }
    }
    return high;
  }
}
