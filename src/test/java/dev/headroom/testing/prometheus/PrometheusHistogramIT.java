package dev.headroom.testing.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.headroom.testing.env.Poll;
import dev.headroom.testing.prometheus.ClassicHistogram.Bucket;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * The test Prometheus scrapes an endpoint registered at run time and answers {@code
 * histogram_quantile} over it with Prometheus' own interpolation, computed independently by {@link
 * ClassicHistogram}: what Headroom's latency budgets will rely on.
 */
@RealPrometheus
class PrometheusHistogramIT {
  private static final String METRIC = "checkout_request_duration_seconds";
  private static final Duration WAIT = Duration.ofSeconds(60);

  /** 100 requests: 10 under 50 ms, 30 more under 100 ms, 35 under 250 ms, 20 under 0.5 s, … */
  private static final ClassicHistogram LATENCY =
      new ClassicHistogram(
          List.of(
              new Bucket(0.05, 10),
              new Bucket(0.1, 40),
              new Bucket(0.25, 75),
              new Bucket(0.5, 95),
              new Bucket(1.0, 99),
              new Bucket(Double.POSITIVE_INFINITY, 100)));

  @Test
  void histogramQuantileOverAScrapedEndpointInterpolatesInsideTheBucket(
      PrometheusServer prometheus) {
    try (MetricsEndpoint endpoint = MetricsEndpoint.serve(() -> LATENCY.exposition(METRIC, 23.4));
        ScrapeTarget target = prometheus.scrape("checkout-latency", endpoint.uri())) {
      Poll.until(
          WAIT,
          "Prometheus to scrape " + endpoint.uri() + " successfully",
          () ->
              first(prometheus.query("up" + target.selector())).filter(v -> v == 1.0).isPresent());
      Poll.until(
          WAIT,
          "the histogram's series",
          () -> first(prometheus.query(METRIC + "_count" + target.selector())).isPresent());

      SoftAssertions softly = new SoftAssertions();
      // 0.02: rank 2 of the first bucket [0, 0.05]; 0.5: inside (0.1, 0.25]; 0.9: inside
      // (0.25, 0.5]; 0.99: the top of (0.5, 1]; 0.999: the +Inf bucket gives the highest bound.
      for (double q : new double[] {0.02, 0.5, 0.9, 0.99, 0.999}) {
        double expected = LATENCY.quantile(q);
        double actual =
            first(
                    prometheus.query(
                        "histogram_quantile("
                            + q
                            + ", "
                            + METRIC
                            + "_bucket"
                            + target.selector()
                            + ")"))
                .orElseThrow();
        softly.assertThat(actual).as("histogram_quantile(%s)", q).isCloseTo(expected, within(1e-9));
      }
      softly.assertAll();
      assertThat(LATENCY.quantile(0.9))
          .as("the worked example: 0.25 + 0.25 × 15/20")
          .isEqualTo(0.4375);
    }
  }

  private static Optional<Double> first(List<PrometheusServer.Sample> samples) {
    return samples.isEmpty() ? Optional.empty() : Optional.of(samples.get(0).value());
  }
}
