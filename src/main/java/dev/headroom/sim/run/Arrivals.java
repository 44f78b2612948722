package dev.headroom.sim.run;

import java.util.SplittableRandom;

/**
 * Each second's arrivals around the trace's rate: Poisson counts from a seeded stream that is drawn
 * from exactly once per second, so every controller's run sees the same arrivals.
 */
final class Arrivals {
  private static final double NORMAL_FROM_RATE = 30;

  private final SplittableRandom random;
  private final boolean poisson;

  Arrivals(SplittableRandom random, boolean poisson) {
    this.random = random;
    this.poisson = poisson;
  }

  double sample(double rate) {
    double uniform = random.nextDouble();
    double uniform2 = random.nextDouble();
    if (!poisson || rate <= 0) {
      return Math.max(rate, 0);
    }
    if (rate >= NORMAL_FROM_RATE) {
      // Box–Muller; at these rates the Poisson is as good as normal and the fluid model is fine
      // with a fractional count.
      double gaussian = Math.sqrt(-2 * Math.log(1 - uniform)) * Math.cos(2 * Math.PI * uniform2);
      return Math.max(0, rate + Math.sqrt(rate) * gaussian);
    }
    // Inversion of the Poisson CDF with the one uniform.
    double pmf = Math.exp(-rate);
    double cdf = pmf;
    int count = 0;
    while (uniform > cdf && count < 10_000) {
      count++;
      pmf *= rate / count;
      cdf += pmf;
    }
    return count;
  }
}
