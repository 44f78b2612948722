package dev.headroom.sim.report;

import java.util.ArrayList;
import java.util.List;

/**
 * Thins per-second series for the browser. Each bucket of seconds keeps its minimum and its
 * maximum, in time order, so a one-second latency spike or replica dip survives any zoom level
 * (averaging or picking every n-th point would erase it).
 */
final class Downsampler {

  /** One point of a chart series; NaN value = no value (drawn as a gap). */
  record Point(int second, double value) {}

  private Downsampler() {}

  /** At most {@code maxPoints} points (at least 2); every point when the series already fits. */
  static List<Point> minMax(double[] values, int maxPoints) {
    if (maxPoints < 2) {
      throw new IllegalArgumentException("maxPoints must be at least 2, was " + maxPoints);
    }
    List<Point> points = new ArrayList<>();
    if (values.length <= maxPoints) {
      for (int second = 0; second < values.length; second++) {
        points.add(new Point(second, values[second]));
      }
      return points;
    }
    int buckets = maxPoints / 2;
    int bucketSeconds = (values.length + buckets - 1) / buckets;
    for (int start = 0; start < values.length; start += bucketSeconds) {
      addBucket(values, start, Math.min(start + bucketSeconds, values.length), points);
    }
    return points;
  }

  static List<Point> minMax(int[] values, int maxPoints) {
    double[] asDoubles = new double[values.length];
    for (int second = 0; second < values.length; second++) {
      asDoubles[second] = values[second];
    }
    return minMax(asDoubles, maxPoints);
  }

  private static void addBucket(double[] values, int start, int end, List<Point> points) {
    int min = -1;
    int max = -1;
    for (int second = start; second < end; second++) {
      double value = values[second];
      if (Double.isNaN(value)) {
        continue;
      }
      if (min < 0 || value < values[min]) {
        min = second;
      }
      if (max < 0 || value > values[max]) {
        max = second;
      }
    }
    if (min < 0) {
      // Nothing defined in the bucket: keep a gap rather than joining its neighbours.
      points.add(new Point(start, Double.NaN));
    } else if (min == max) {
      points.add(new Point(min, values[min]));
    } else {
      points.add(new Point(Math.min(min, max), values[Math.min(min, max)]));
      points.add(new Point(Math.max(min, max), values[Math.max(min, max)]));
    }
  }
}
