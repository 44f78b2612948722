package dev.headroom.sim.model;

/** Poisson tail probabilities, for CFS throttling. */
final class Poisson {
  private static final double NORMAL_ABOVE_MEAN = 200;

  private Poisson() {}

  /** P(N > k) for N ~ Poisson(mean). */
  static double tailAbove(double mean, long k) {
    if (k < 0) {
      return mean > 0 ? 1 : 0;
    }
    if (mean <= 0) {
      return 0;
    }
    if (mean > NORMAL_ABOVE_MEAN) {
      double z = (k + 0.5 - mean) / Math.sqrt(mean);
      return 0.5 * Normal.erfc(z / Math.sqrt(2));
    }
    if (k > mean + 40 * Math.sqrt(mean) + 50) {
      return 0;
    }
    double pmf = Math.exp(-mean);
    double cdf = pmf;
    for (long n = 1; n <= k; n++) {
      pmf *= mean / n;
      cdf += pmf;
    }
    return Math.max(0, 1 - cdf);
  }
}
