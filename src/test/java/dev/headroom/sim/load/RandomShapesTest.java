package dev.headroom.sim.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RandomShapesTest {
  private static final int DAY = 86_400;

  static Stream<Long> seeds() {
    SplittableRandom random = new SplittableRandom(0xB0057L);
    return LongStream.range(0, 8).mapToObj(i -> random.nextLong());
  }

  /** Seeds crossed with burst settings as the generator draws them (and the extremes). */
  static Stream<Arguments> burstSettings() {
    double[][] settings = {
      // factor, mean burst s, mean gap s
      {3, 5, 30},
      {1.5, 1, 4},
      {4, 1, 5},
      {4, 10, 48},
      {2, 3, 60},
      {1.5, 10, 200},
    };
    SplittableRandom random = new SplittableRandom(0xB0057L);
    return Stream.of(settings)
        .flatMap(
            s ->
                LongStream.range(0, 3)
                    .mapToObj(i -> Arguments.of(random.nextLong(), s[0], s[1], s[2])));
  }

  private static double mean(double[] values) {
    double sum = 0;
    for (double v : values) {
      sum += v;
    }
    return sum / values.length;
  }

  private static double[] factors(LoadTrace load, double base, int seconds) {
    double[] factors = new double[seconds];
    for (int s = 0; s < seconds; s++) {
      factors[s] = load.rpsAt(s) / base;
    }
    return factors;
  }

  @ParameterizedTest(name = "seed {0}: x{1}, bursts {2} s, gaps {3} s")
  @MethodSource("burstSettings")
  void markovBurstsKeepTheLongRunMeanAtTheBaseRate(
      long seed, double factor, double burst, double gap) {
    int seconds = 20 * DAY;
    ModulatedLoad load =
        RandomShapes.markovBursts(new ConstantLoad(100), seed, seconds, factor, burst, gap);

    double[] f = factors(load, 100, seconds);

    assertThat(mean(f))
        .as("seed %d: mean factor of x%s bursts of %s s every %s s", seed, factor, burst, gap)
        .isBetween(0.97, 1.03);
    double low = (1 - factor * burst / (burst + gap)) / (1 - burst / (burst + gap));
    for (double value : f) {
      assertThat(value == factor || Math.abs(value - low) < 1e-9)
          .as("seed %d: factor %s is neither the burst's nor the gap's", seed, value)
          .isTrue();
    }
  }

  @ParameterizedTest(name = "seed {0}: x{1}, bursts {2} s, gaps {3} s")
  @MethodSource("burstSettings")
  void markovBurstsLastTheirMeanDurations(long seed, double factor, double burst, double gap) {
    int seconds = 20 * DAY;
    double[] f =
        factors(
            RandomShapes.markovBursts(new ConstantLoad(1), seed, seconds, factor, burst, gap),
            1,
            seconds);
    int bursts = 0;
    int burstSeconds = 0;
    for (int s = 0; s < seconds; s++) {
      if (f[s] == factor) {
        burstSeconds++;
        if (s == 0 || f[s - 1] != factor) {
          bursts++;
        }
      }
    }
    double meanBurst = (double) burstSeconds / bursts;
    double meanGap = (double) (seconds - burstSeconds) / bursts;
    assertThat(meanBurst)
        .as("seed %d: mean burst length", seed)
        .isBetween(0.9 * burst, 1.1 * burst);
    assertThat(meanGap).as("seed %d: mean gap length", seed).isBetween(0.9 * gap, 1.1 * gap);
  }

  /** Poisson counts from a seeded stream (inversion of the CDF; means here are small). */
  private static int poisson(SplittableRandom random, double mean) {
    double u = random.nextDouble();
    double pmf = Math.exp(-mean);
    double cdf = pmf;
    int count = 0;
    while (u > cdf && count < 100_000) {
      count++;
      pmf *= mean / count;
      cdf += pmf;
    }
    return count;
  }

  private static double indexOfDispersion(int[] perSecond, int window) {
    int windows = perSecond.length / window;
    double[] counts = new double[windows];
    for (int w = 0; w < windows; w++) {
      for (int s = w * window; s < (w + 1) * window; s++) {
        counts[w] += perSecond[s];
      }
    }
    double mean = mean(counts);
    double variance = 0;
    for (double c : counts) {
      variance += (c - mean) * (c - mean);
    }
    variance /= windows - 1;
    return variance / mean;
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void markovBurstsMakeArrivalsBurstierThanPoisson(long seed) {
    int seconds = 2 * DAY;
    LoadTrace bursty = RandomShapes.markovBursts(new ConstantLoad(20), seed, seconds, 3, 5, 30);
    LoadTrace flat = new ConstantLoad(20);
    SplittableRandom arrivals = new SplittableRandom(seed);
    int[] burstyCounts = new int[seconds];
    int[] flatCounts = new int[seconds];
    for (int s = 0; s < seconds; s++) {
      burstyCounts[s] = poisson(arrivals, bursty.rpsAt(s));
      flatCounts[s] = poisson(arrivals, flat.rpsAt(s));
    }

    for (int window : new int[] {1, 10}) {
      assertThat(indexOfDispersion(burstyCounts, window))
          .as("seed %d: bursty index of dispersion over %d s", seed, window)
          .isGreaterThan(2);
      // The same test on plain Poisson arrivals is near 1: the check can tell them apart.
      assertThat(indexOfDispersion(flatCounts, window))
          .as("seed %d: Poisson index of dispersion over %d s", seed, window)
          .isBetween(0.9, 1.1);
    }
  }

  @Test
  void markovBurstsRejectFactorsThatWouldNeedANegativeGapRate() {
    ConstantLoad base = new ConstantLoad(1);
    // Bursts half the time at 3x would need a negative rate in the gaps.
    assertThatThrownBy(() -> RandomShapes.markovBursts(base, 1, 100, 3, 10, 10))
        .hasMessageContaining("bursts.factor")
        .hasMessageContaining("below 1");
    assertThatThrownBy(() -> RandomShapes.markovBursts(base, 1, 100, 1, 10, 20))
        .hasMessageContaining("> 1");
    assertThatThrownBy(() -> RandomShapes.markovBursts(base, 1, 100, 2, 0, 20))
        .hasMessageContaining("meanBurstSeconds");
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void smoothNoiseHasMeanOneAndIsContinuous(long seed) {
    int seconds = 10 * DAY;
    ModulatedLoad noisy = RandomShapes.smoothNoise(new ConstantLoad(50), seed, seconds, 0.2, 60);

    double[] f = factors(noisy, 50, seconds);

    assertThat(mean(f)).as("seed %d: mean factor", seed).isBetween(0.98, 1.02);
    double largestStep = 0;
    for (int s = 1; s < seconds; s++) {
      assertThat(f[s]).as("seed %d", seed).isPositive();
      largestStep = Math.max(largestStep, Math.abs(f[s] - f[s - 1]));
    }
    // Linear between knots a minute apart: no jumps.
    assertThat(largestStep).as("seed %d: largest step in a second", seed).isLessThan(0.1);
    assertThat(RandomShapes.smoothNoise(new ConstantLoad(50), seed, 600, 0, 60).rpsAt(300))
        .as("seed %d: no noise", seed)
        .isEqualTo(50);
  }

  @Test
  void theSameSeedDrawsTheSameShapes() {
    LoadTrace a = RandomShapes.smoothNoise(new ConstantLoad(10), 7, 3600, 0.1, 30);
    LoadTrace b = RandomShapes.smoothNoise(new ConstantLoad(10), 7, 3600, 0.1, 30);
    LoadTrace c = RandomShapes.smoothNoise(new ConstantLoad(10), 8, 3600, 0.1, 30);
    LoadTrace walkA = RandomShapes.randomWalk(7, 3600, 50, 10, 100, 0.3, 5, 2, 30);
    LoadTrace walkB = RandomShapes.randomWalk(7, 3600, 50, 10, 100, 0.3, 5, 2, 30);
    boolean differs = false;
    for (int s = 0; s < 3600; s++) {
      assertThat(a.rpsAt(s)).isEqualTo(b.rpsAt(s));
      assertThat(walkA.rpsAt(s)).isEqualTo(walkB.rpsAt(s));
      differs |= a.rpsAt(s) != c.rpsAt(s);
    }
    assertThat(differs).isTrue();
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void aRandomWalkStaysBetweenItsBoundsAndItsBurstFactorAboveThem(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double min = 5 + 50 * random.nextDouble();
    double max = min * (1.2 + 5 * random.nextDouble());
    double start = min + (max - min) * random.nextDouble();
    double factor = 1.5 + 1.5 * random.nextDouble();
    int seconds = DAY;
    PerSecondLoad walk =
        RandomShapes.randomWalk(seed, seconds, start, min, max, 0.8, 10, factor, 30);

    int bursting = 0;
    double lowest = Double.MAX_VALUE;
    double highest = 0;
    for (int s = 0; s < seconds; s++) {
      double rps = walk.rpsAt(s);
      lowest = Math.min(lowest, rps);
      highest = Math.max(highest, rps);
      assertThat(rps)
          .as("seed %d: second %d of a walk in [%s, %s] x %s", seed, s, min, max, factor)
          .isBetween(min * (1 - 1e-12), max * factor * (1 + 1e-12));
      if (rps > max * (1 + 1e-12)) {
        bursting++;
      }
    }
    double first = walk.rpsAt(0);
    assertThat(
            Math.abs(first - start) < 1e-9 * start
                || Math.abs(first - start * factor) < 1e-9 * first)
        .as("seed %d: starts at startRps (or a burst of it), got %s", seed, first)
        .isTrue();
    // It moves: a volatile walk over a day visits much of its range.
    assertThat(highest / lowest).as("seed %d", seed).isGreaterThan(1.1);
    assertThat(bursting)
        .as("seed %d: seconds above maxRps are bursts", seed)
        .isLessThan(seconds / 4);
  }

  @Test
  void aRandomWalkRejectsAStartOutsideItsBounds() {
    assertThatThrownBy(() -> RandomShapes.randomWalk(1, 60, 200, 10, 100, 0.1, 0, 1, 1))
        .hasMessageContaining("minRps <= startRps <= maxRps");
    assertThatThrownBy(() -> RandomShapes.randomWalk(1, 60, 50, 100, 10, 0.1, 0, 1, 1))
        .hasMessageContaining("minRps <= startRps <= maxRps");
  }
}
