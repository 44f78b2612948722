package dev.headroom.testing.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.headroom.testing.prometheus.ClassicHistogram.Bucket;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The expectation side of the Prometheus test, worked by hand. */
class ClassicHistogramTest {
  private static final ClassicHistogram H =
      new ClassicHistogram(
          List.of(
              new Bucket(1, 20),
              new Bucket(2, 60),
              new Bucket(4, 90),
              new Bucket(Double.POSITIVE_INFINITY, 100)));

  @Test
  void interpolatesLinearlyInsideTheBucketHoldingTheRank() {
    assertThat(H.quantile(0.5)).isEqualTo(1 + 1 * (50.0 - 20) / 40); // rank 50 in (1, 2]
    assertThat(H.quantile(0.9)).isEqualTo(4.0); // rank 90: the top of (2, 4]
    assertThat(H.quantile(0.1)).isCloseTo(0.5, within(1e-12)); // rank 10 in [0, 1]
  }

  @Test
  void aRankInTheInfBucketGivesTheHighestFiniteBound() {
    assertThat(H.quantile(0.95)).isEqualTo(4.0);
  }

  @Test
  void theExpositionHasCumulativeBucketsAndTheCount() {
    assertThat(H.exposition("x", 3.5))
        .contains(
            "# TYPE x histogram\n", "x_bucket{le=\"2.0\"} 60\n", "x_bucket{le=\"+Inf\"} 100\n")
        .endsWith("x_sum 3.5\nx_count 100\n");
  }
}
