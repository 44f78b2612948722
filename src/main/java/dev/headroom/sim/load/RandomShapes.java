package dev.headroom.sim.load;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Loads and modulations drawn in advance from a seed, so every controller of a scenario sees the
 * same ones: smooth noise, Markov-modulated bursts (arrivals burstier than Poisson) and a random
 * walk with bursts.
 */
public final class RandomShapes {
  private RandomShapes() {}

  /**
   * Multiplicative noise with mean 1: a log-normal knot every {@code correlationSeconds} with the
   * given standard deviation of its logarithm, linearly interpolated between knots.
   */
  public static ModulatedLoad smoothNoise(
      LoadTrace base, long seed, int seconds, double fraction, int correlationSeconds) {
    Shapes.requireNonNegative("noise.fraction", fraction);
    Shapes.requirePositive("noise.correlationSeconds", correlationSeconds);
    SplittableRandom random = new SplittableRandom(seed ^ 0x6E6F697365L);
    int knots = seconds / correlationSeconds + 2;
    double[] knot = new double[knots];
    for (int i = 0; i < knots; i++) {
      knot[i] = Math.exp(fraction * gaussian(random) - fraction * fraction / 2);
    }
    double[] factors = new double[Math.max(1, seconds)];
    for (int s = 0; s < factors.length; s++) {
      int i = s / correlationSeconds;
      double within = (s % correlationSeconds) / (double) correlationSeconds;
      factors[s] = knot[i] + (knot[i + 1] - knot[i]) * within;
    }
    return new ModulatedLoad(
        base,
        factors,
        String.format(Locale.ROOT, "noise %.0f%% over %d s", fraction * 100, correlationSeconds));
  }

  /**
   * A two-state Markov-modulated load: bursts at {@code factor} times the base rate lasting a
   * geometric number of seconds of mean {@code meanBurstSeconds}, gaps of mean {@code
   * meanGapSeconds} at a lower rate chosen so that the long-run mean is the base rate. The state
   * changes only between seconds, so a mean under 1 s counts as 1 s. The arrivals' index of
   * dispersion at 1–10 s is then well above Poisson's 1.
   */
  public static ModulatedLoad markovBursts(
      LoadTrace base,
      long seed,
      int seconds,
      double factor,
      double meanBurstSeconds,
      double meanGapSeconds) {
    Shapes.requirePositive("bursts.meanBurstSeconds", meanBurstSeconds);
    Shapes.requirePositive("bursts.meanGapSeconds", meanGapSeconds);
    // Leaving a state with probability 1/mean each second makes its stays last mean seconds on
    // average; the share of seconds in bursts is the chain's own stationary share. Leaving with
    // 1 - exp(-1/mean) would make them last about mean + 1/2 s (a 1 s burst 1.58 s), and the
    // long-run load more than the base.
    double leaveBurst = Math.min(1, 1 / meanBurstSeconds);
    double leaveGap = Math.min(1, 1 / meanGapSeconds);
    double burstShare = leaveGap / (leaveGap + leaveBurst);
    if (!(factor > 1) || burstShare * factor >= 1) {
      throw new IllegalArgumentException(
          "bursts.factor must be > 1 and factor x burst share below 1, got "
              + factor
              + " x "
              + burstShare);
    }
    double low = (1 - burstShare * factor) / (1 - burstShare);
    SplittableRandom random = new SplittableRandom(seed ^ 0x6275727374L);
    double[] factors = new double[Math.max(1, seconds)];
    boolean bursting = random.nextDouble() < burstShare;
    for (int s = 0; s < factors.length; s++) {
      factors[s] = bursting ? factor : low;
      if (random.nextDouble() < (bursting ? leaveBurst : leaveGap)) {
        bursting = !bursting;
      }
    }
    return new ModulatedLoad(
        base,
        factors,
        String.format(
            Locale.ROOT,
            "bursts x%.2g (mean %.0f s, gaps %.0f s)",
            factor,
            meanBurstSeconds,
            meanGapSeconds));
  }

  /**
   * A random walk of the logarithm of the rate, one move every 10 s with {@code volatility} the
   * standard deviation per minute, reflected inside [minRps, maxRps]; on top, bursts that multiply
   * the rate by {@code burstFactor} for {@code burstSeconds}, arriving at random at {@code
   * burstsPerHour}.
   */
  public static PerSecondLoad randomWalk(
      long seed,
      int seconds,
      double startRps,
      double minRps,
      double maxRps,
      double volatility,
      double burstsPerHour,
      double burstFactor,
      int burstSeconds) {
    Shapes.requirePositive("minRps", minRps);
    if (!(maxRps >= minRps) || startRps < minRps || startRps > maxRps) {
      throw new IllegalArgumentException("expected minRps <= startRps <= maxRps");
    }
    Shapes.requireNonNegative("burstsPerHour", burstsPerHour);
    SplittableRandom random = new SplittableRandom(seed ^ 0x77616C6BL);
    double[] rps = new double[Math.max(1, seconds)];
    double logMin = Math.log(minRps);
    double logMax = Math.log(maxRps);
    double level = Math.log(startRps);
    double perMove = volatility * Math.sqrt(10.0 / 60);
    int burstLeft = 0;
    for (int s = 0; s < rps.length; s++) {
      if (s > 0 && s % 10 == 0) {
        level += perMove * gaussian(random);
        if (level > logMax) {
          level = Math.max(logMin, 2 * logMax - level);
        }
        if (level < logMin) {
          level = Math.min(logMax, 2 * logMin - level);
        }
      }
      if (burstLeft == 0 && random.nextDouble() < burstsPerHour / 3600) {
        burstLeft = burstSeconds;
      }
      rps[s] = Math.exp(level) * (burstLeft > 0 ? burstFactor : 1);
      if (burstLeft > 0) {
        burstLeft--;
      }
    }
    return new PerSecondLoad(
        rps,
        String.format(
            Locale.ROOT,
            "random walk %s..%s (volatility %.2f/min), %.1f bursts/h of x%.2g for %d s",
            Shapes.rps(minRps),
            Shapes.rps(maxRps),
            volatility,
            burstsPerHour,
            burstFactor,
            burstSeconds));
  }

  private static double gaussian(SplittableRandom random) {
    double u1 = 1 - random.nextDouble();
    double u2 = random.nextDouble();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }
}
