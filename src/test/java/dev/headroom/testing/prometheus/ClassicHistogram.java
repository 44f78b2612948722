package dev.headroom.testing.prometheus;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A classic (bucketed) Prometheus histogram with fixed counts: its text exposition, and the value
 * {@code histogram_quantile} gives for it, computed the way Prometheus does (promql/quantile.go,
 * {@code BucketQuantile}): find the bucket holding the rank {@code q * count} and interpolate
 * linearly inside it; the first bucket starts at 0; a rank in the {@code +Inf} bucket gives the
 * highest finite upper bound.
 *
 * @param buckets the cumulative buckets, ascending, the last one {@code +Inf}
 */
public record ClassicHistogram(List<Bucket> buckets) {
  /**
   * @param upperBound the {@code le} label
   * @param cumulativeCount observations at or below it
   */
  public record Bucket(double upperBound, long cumulativeCount) {}

  public ClassicHistogram {
    buckets = List.copyOf(buckets);
    if (buckets.size() < 2
        || buckets.get(buckets.size() - 1).upperBound() != Double.POSITIVE_INFINITY) {
      throw new IllegalArgumentException("at least two buckets, the last one +Inf");
    }
    for (int i = 1; i < buckets.size(); i++) {
      if (buckets.get(i).upperBound() <= buckets.get(i - 1).upperBound()
          || buckets.get(i).cumulativeCount() < buckets.get(i - 1).cumulativeCount()) {
        throw new IllegalArgumentException("buckets must ascend: " + buckets);
      }
    }
  }

  public long count() {
    return buckets.get(buckets.size() - 1).cumulativeCount();
  }

  /** What Prometheus' {@code histogram_quantile(q, …)} returns for these buckets. */
  public double quantile(double q) {
    if (q < 0) {
      return Double.NEGATIVE_INFINITY;
    }
    if (q > 1) {
      return Double.POSITIVE_INFINITY;
    }
    if (count() == 0) {
      return Double.NaN;
    }
    double rank = q * count();
    int b = 0;
    while (buckets.get(b).cumulativeCount() < rank) {
      b++;
    }
    if (b == buckets.size() - 1) {
      return buckets.get(b - 1).upperBound();
    }
    if (b == 0 && buckets.get(0).upperBound() <= 0) {
      return buckets.get(0).upperBound();
    }
    double start = 0;
    double end = buckets.get(b).upperBound();
    double inBucket = buckets.get(b).cumulativeCount();
    if (b > 0) {
      start = buckets.get(b - 1).upperBound();
      inBucket -= buckets.get(b - 1).cumulativeCount();
      rank -= buckets.get(b - 1).cumulativeCount();
    }
    return start + (end - start) * (rank / inBucket);
  }

  /** The histogram in the text exposition format, under {@code name}. */
  public String exposition(String name, double sum) {
    List<String> lines = new ArrayList<>();
    lines.add("# HELP " + name + " A histogram with fixed counts, for tests.");
    lines.add("# TYPE " + name + " histogram");
    for (Bucket bucket : buckets) {
      String le =
          bucket.upperBound() == Double.POSITIVE_INFINITY
              ? "+Inf"
              : String.format(Locale.ROOT, "%s", bucket.upperBound());
      lines.add(name + "_bucket{le=\"" + le + "\"} " + bucket.cumulativeCount());
    }
    lines.add(name + "_sum " + String.format(Locale.ROOT, "%s", sum));
    lines.add(name + "_count " + count());
    return String.join("\n", lines) + "\n";
  }
}
