package dev.headroom.sim.model;

import java.util.Arrays;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * A pod whose CPU limit is under one core, run as the kernel's CFS bandwidth control runs it: in
 * every 100 ms period the container may use limit × 100 ms of CPU. Its requests share a full core
 * (processor sharing: one core, as the M/G/c model gives a whole-core pod one server) until the
 * period's quota is spent; then all of them stall until the next period begins. A request that
 * finds quota left takes its service time; one that meets the end of the quota waits up to (1 −
 * limit) × 100 ms more, and whole periods more when earlier periods left work behind. A server at a
 * fraction of a core's speed — the M/G/c view — gets the capacity right and the latency wrong: at a
 * fifth of a core it makes a 10 ms request take 50 ms, where the kernel runs it in 10 ms unless the
 * quota runs out.
 *
 * <p>No closed form covers this, so the latency is measured by a seeded discrete-event run of the
 * quota accounting at utilisation levels {@value #LEVEL_STEP} apart, each run once and kept;
 * between two levels the distribution is their mixture, so the tail grows with the load as the
 * levels do. The runs share their random numbers, which keeps the levels ordered.
 */
final class CfsQuotaQueue {
  static final double PERIOD_SECONDS = 0.1;
  static final double LEVEL_STEP = 0.01;
  private static final int WARM_UP_REQUESTS = 20_000;
  private static final int MEASURED_REQUESTS = 100_000;
  private static final int QUANTILE_POINTS = 2_000;
  private static final long SEED = 0x5EEDCF5L;

  /**
   * About 64 MiB of levels (16 KiB each) are kept across runs; past that they are dropped and
   * measured again when asked, which changes no result: each run is seeded.
   */
  private static final int MAX_LEVELS = 4_000;

  private static final ConcurrentMap<Key, Level> LEVELS = new ConcurrentHashMap<>();

  private record Key(ServiceTime service, long limitMillis, int level) {}

  private final ServiceTime service;
  private final long limitMillis;
  private final double meanServiceSeconds;

  /**
   * @param service the service time at one full core
   * @param limitMillis the CPU limit, under 1000
   */
  CfsQuotaQueue(ServiceTime service, long limitMillis) {
    if (limitMillis <= 0 || limitMillis >= 1000) {
      throw new IllegalArgumentException("a CFS quota queue is for limits under one core");
    }
    this.service = service;
    this.limitMillis = limitMillis;
    this.meanServiceSeconds = service.meanSeconds();
  }

  /** The most requests per second the quota serves. */
  double capacityRps() {
    return limitMillis / 1000.0 / meanServiceSeconds;
  }

  /** The latency at an arrival rate under capacity, plus a constant delay every request pays. */
  PodLatency latency(double arrivalRps, double constantSeconds) {
    Bracket bracket = bracket(arrivalRps);
    return new QuotaLatency(
        constantSeconds, bracket.lower.quantiles, bracket.upper.quantiles, bracket.upperWeight);
  }

  /** The share of periods in which the quota ran out before the period ended. */
  double throttledShare(double arrivalRps) {
    Bracket bracket = bracket(arrivalRps);
    return (1 - bracket.upperWeight) * bracket.lower.throttledShare
        + bracket.upperWeight * bracket.upper.throttledShare;
  }

  private record Bracket(Level lower, Level upper, double upperWeight) {}

  private Bracket bracket(double arrivalRps) {
    double utilisation = Math.max(0, arrivalRps) / capacityRps();
    double position = utilisation / LEVEL_STEP;
    int below = (int) Math.floor(position);
    double weight = position - below;
    return new Bracket(level(below), weight == 0 ? level(below) : level(below + 1), weight);
  }

  private Level level(int level) {
    if (LEVELS.size() > MAX_LEVELS) {
      LEVELS.clear();
    }
    return LEVELS.computeIfAbsent(
        new Key(service, limitMillis, level),
        // Even without other requests a request longer than the quota stalls: level 0 is a run at
        // a tenth of a step.
        key -> run(Math.max(level, 0.1) * LEVEL_STEP * capacityRps()));
  }

  /** One level: the latency's quantiles at evenly spaced probabilities, and the throttling. */
  private record Level(double[] quantiles, double throttledShare) {}

  private Level run(double arrivalRps) {
    double quotaSeconds = limitMillis / 1000.0 * PERIOD_SECONDS;
    SplittableRandom random = new SplittableRandom(SEED);
    // Requests in service, by the virtual time at which they finish: they share one core equally
    // while the period has quota, so one clock serves them all.
    PriorityQueue<double[]> running = new PriorityQueue<>((a, b) -> Double.compare(a[0], b[0]));
    double[] latencies = new double[MEASURED_REQUESTS];
    int arrived = 0;
    int measured = 0;
    double now = 0;
    double virtual = 0;
    double quotaLeft = quotaSeconds;
    double periodEnd = PERIOD_SECONDS;
    double nextArrival = exponential(random, arrivalRps);
    double measuringFrom = Double.NaN;
    long throttledPeriods = 0;
    boolean throttledThisPeriod = false;
    while (measured < MEASURED_REQUESTS) {
      if (running.isEmpty() && nextArrival >= periodEnd) {
        // Idle until the next arrival: skip the empty periods at once.
        long skipped = (long) Math.floor((nextArrival - periodEnd) / PERIOD_SECONDS) + 1;
        if (throttledThisPeriod && now >= measuringFrom) {
          throttledPeriods++;
        }
        throttledThisPeriod = false;
        periodEnd += skipped * PERIOD_SECONDS;
        quotaLeft = quotaSeconds;
        now = nextArrival;
      }
      int inService = running.size();
      boolean runs = inService > 0 && quotaLeft > 0;
      double toArrival = nextArrival - now;
      double toPeriodEnd = periodEnd - now;
      // One core shared by the requests in service: each advances at 1 / n of a core.
      double toCompletion =
          runs ? (running.peek()[0] - virtual) * inService : Double.POSITIVE_INFINITY;
      double toQuotaEnd = runs ? quotaLeft : Double.POSITIVE_INFINITY;
      double step = Math.min(Math.min(toArrival, toPeriodEnd), Math.min(toCompletion, toQuotaEnd));
      now += step;
      if (runs) {
        virtual += step / inService;
        quotaLeft -= step;
      }
      if (step == toCompletion) {
        double[] done = running.poll();
        if (done[1] >= measuringFrom) {
          latencies[measured++] = now - done[1];
        }
      } else if (step == toQuotaEnd) {
        quotaLeft = 0;
        throttledThisPeriod = true;
      } else if (step == toArrival) {
        running.add(new double[] {virtual + sample(random), now});
        if (++arrived == WARM_UP_REQUESTS) {
          measuringFrom = now;
        }
        nextArrival = now + exponential(random, arrivalRps);
      } else {
        if (throttledThisPeriod && now > measuringFrom) {
          throttledPeriods++;
        }
        throttledThisPeriod = false;
        quotaLeft = quotaSeconds;
        periodEnd += PERIOD_SECONDS;
      }
    }
    double measuredPeriods = Math.max(1, (now - measuringFrom) / PERIOD_SECONDS);
    return new Level(quantilesOf(latencies), Math.min(1, throttledPeriods / measuredPeriods));
  }

  private double sample(SplittableRandom random) {
    double seconds = service.shiftSeconds();
    double[] weights = service.weights();
    if (weights.length == 0) {
      return seconds;
    }
    double pick = random.nextDouble();
    int phase = 0;
    while (phase < weights.length - 1 && pick >= weights[phase]) {
      pick -= weights[phase];
      phase++;
    }
    return seconds + exponential(random, service.ratesPerSecond()[phase]);
  }

  private static double exponential(SplittableRandom random, double rate) {
    return -Math.log(1 - random.nextDouble()) / rate;
  }

  private static double[] quantilesOf(double[] latencies) {
    Arrays.sort(latencies);
    double[] quantiles = new double[QUANTILE_POINTS + 1];
    for (int i = 0; i <= QUANTILE_POINTS; i++) {
      int index =
          (int) Math.min(latencies.length - 1, (long) i * latencies.length / QUANTILE_POINTS);
      quantiles[i] = latencies[index];
    }
    return quantiles;
  }

  /**
   * The measured distribution: a mixture of two levels' piecewise-linear distributions, shifted by
   * a constant. Equal when built from the same levels, weight and shift, so a mixture of pods
   * merges them.
   */
  record QuotaLatency(
      double constantSeconds, double[] lowerQuantiles, double[] upperQuantiles, double upperWeight)
      implements PodLatency {

    @Override
    public double tail(double seconds) {
      double y = seconds - constantSeconds;
      return (1 - upperWeight) * tailOf(lowerQuantiles, y)
          + upperWeight * tailOf(upperQuantiles, y);
    }

    @Override
    public double meanSeconds() {
      return constantSeconds
          + (1 - upperWeight) * meanOf(lowerQuantiles)
          + upperWeight * meanOf(upperQuantiles);
    }

    @Override
    public QuotaLatency plus(double seconds) {
      return seconds == 0
          ? this
          : new QuotaLatency(
              constantSeconds + seconds, lowerQuantiles, upperQuantiles, upperWeight);
    }

    private static double tailOf(double[] quantiles, double seconds) {
      int points = quantiles.length - 1;
      if (seconds < quantiles[0]) {
        return 1;
      }
      if (seconds >= quantiles[points]) {
        return 0;
      }
      // The last point at or below: the distribution is linear between points.
      int low = 0;
      int high = points;
      while (high - low > 1) {
        int middle = (low + high) >>> 1;
        if (quantiles[middle] <= seconds) {
          low = middle;
        } else {
          high = middle;
        }
      }
      double width = quantiles[high] - quantiles[low];
      double within = width > 0 ? (seconds - quantiles[low]) / width : 1;
      return 1 - (low + within) / points;
    }

    private static double meanOf(double[] quantiles) {
      double sum = 0;
      for (int i = 0; i < quantiles.length - 1; i++) {
        sum += (quantiles[i] + quantiles[i + 1]) / 2;
      }
      return sum / (quantiles.length - 1);
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof QuotaLatency that
          && constantSeconds == that.constantSeconds
          && upperWeight == that.upperWeight
          && lowerQuantiles == that.lowerQuantiles
          && upperQuantiles == that.upperQuantiles;
    }

    @Override
    public int hashCode() {
      return Double.hashCode(constantSeconds) * 31
          + Double.hashCode(upperWeight)
          + System.identityHashCode(lowerQuantiles);
    }

    @Override
    public String toString() {
      return "QuotaLatency[+%s s, p50 %.4f s, p95 %.4f s]"
          .formatted(constantSeconds, quantileSeconds(0.5), quantileSeconds(0.95));
    }
  }
}
