package dev.headroom.sim.observe;

import java.util.List;
import java.util.function.ToDoubleFunction;

/** The PromQL functions the simulated queries use, with Prometheus' own arithmetic. */
final class PromQl {
  private PromQl() {}

  /**
   * {@code rate()} of a counter over the range (end - range, end]: the increase between the first
   * and last sample, corrected for counter resets and extrapolated towards the range's edges as
   * Prometheus does. NaN with fewer than two samples.
   */
  static double rate(
      List<Sample> samples, ToDoubleFunction<Sample> counter, int rangeEnd, int rangeSeconds) {
    int first = -1;
    int last = -1;
    for (int i = 0; i < samples.size(); i++) {
      int second = samples.get(i).second();
      if (second > rangeEnd - rangeSeconds && second <= rangeEnd) {
        if (first < 0) {
          first = i;
        }
        last = i;
      }
    }
    if (first < 0 || last == first) {
      return Double.NaN;
    }
    double firstValue = counter.applyAsDouble(samples.get(first));
    double increase = 0;
    double previous = firstValue;
    for (int i = first + 1; i <= last; i++) {
      double value = counter.applyAsDouble(samples.get(i));
      increase += value >= previous ? value - previous : value;
      previous = value;
    }
    double firstSecond = samples.get(first).second();
    double lastSecond = samples.get(last).second();
    double sampled = lastSecond - firstSecond;
    double averageGap = sampled / (last - first);
    double threshold = averageGap * 1.1;
    double toStart = firstSecond - (rangeEnd - rangeSeconds);
    double toEnd = rangeEnd - lastSecond;
    if (toStart >= threshold) {
      toStart = averageGap / 2;
    }
    if (increase > 0 && firstValue >= 0) {
      double toZero = sampled * (firstValue / increase);
      toStart = Math.min(toStart, toZero);
    }
    if (toEnd >= threshold) {
      toEnd = averageGap / 2;
    }
    double extrapolated = sampled + toStart + toEnd;
    return increase * (extrapolated / sampled) / rangeSeconds;
  }

  /**
   * {@code histogram_quantile(q, ...)} over cumulative bucket rates: linear interpolation inside
   * the bucket holding the rank; the highest finite bound when the rank falls in +Inf. NaN without
   * observations.
   *
   * @param upperBounds finite upper bounds, increasing
   * @param cumulative one rate per finite bound, then +Inf
   */
  static double histogramQuantile(double q, double[] upperBounds, double[] cumulative) {
    double total = cumulative[cumulative.length - 1];
    if (!(total > 0)) {
      return Double.NaN;
    }
    double rank = q * total;
    int bucket = 0;
    while (bucket < cumulative.length - 1 && cumulative[bucket] < rank) {
      bucket++;
    }
    if (bucket == cumulative.length - 1) {
      return upperBounds[upperBounds.length - 1];
    }
    double start = bucket == 0 ? 0 : upperBounds[bucket - 1];
    double below = bucket == 0 ? 0 : cumulative[bucket - 1];
    double inBucket = cumulative[bucket] - below;
    if (!(inBucket > 0)) {
      return upperBounds[bucket];
    }
    return start + (upperBounds[bucket] - start) * ((rank - below) / inBucket);
  }
}
