package dev.headroom.signals;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headroom.api.v1alpha1.HttpHeader;
import dev.headroom.signals.StubHttp.Reply;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Label;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@code headroom_prometheus_queries_total} and {@code headroom_prometheus_query_duration_seconds}:
 * one count and one observation per HTTP request, labelled with the endpoint's scheme, host and
 * port only.
 */
class PrometheusQueryMetricsTest {
  private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final SignalMetrics metrics = new SignalMetrics(registry);
  private final MutableClock clock = new MutableClock(T);

  private PrometheusClient client(SignalSettings settings) {
    return new PrometheusClient(settings, new SplittableRandom(7), d -> {}, clock, metrics);
  }

  private static SignalSettings settings(int attempts, int breakerThreshold) {
    return SignalSettings.defaults()
        .withTimeouts(Duration.ofMillis(500), Duration.ofMillis(400))
        .withRetries(attempts, Duration.ofMillis(10), Duration.ofMillis(20))
        .withBreaker(breakerThreshold, Duration.ofMinutes(1));
  }

  @Test
  void eachRequestIsCountedAndTimedUnderSchemeHostAndPortWithoutPathOrCredentials() {
    try (StubHttp stub = StubHttp.start(r -> Reply.ok(StubHttp.vector("{}", "1")))) {
      EndpointConfig endpoint =
          EndpointConfig.of(stub.url() + "/tenant-secret-path/prometheus")
              .withCredentials(Credentials.basic("alice", "hunter2"))
              .withHeaders(List.of(new HttpHeader("X-Scope-OrgID", "tenant-a")));
      var client = client(settings(1, 5));
      client.query(endpoint, "up", T);
      client.query(endpoint, "up", T);

      String label = "http://127.0.0.1:" + stub.port();
      assertThat(metrics.requests(label, "ok")).isEqualTo(2);
      assertThat(durationCount(label)).isEqualTo(2);
      assertThat(labelValues())
          .contains(label)
          .noneMatch(v -> v.contains("tenant") || v.contains("prometheus/"))
          .noneMatch(v -> v.contains("alice") || v.contains("hunter2"));
    }
  }

  @Test
  void retriesCountOncePerRequestWithTheErrorClassAndAnOpenCircuitAsCircuitOpen() {
    try (StubHttp stub = StubHttp.start(r -> Reply.status(503, "overloaded"))) {
      EndpointConfig endpoint = EndpointConfig.of(stub.url());
      var client = client(settings(3, 3));
      client.query(endpoint, "up", T);
      // The breaker opened after the three failed attempts: this query sends nothing.
      client.query(endpoint, "up", T);

      String label = "http://127.0.0.1:" + stub.port();
      assertThat(stub.requests()).hasSize(3);
      assertThat(metrics.requests(label, "server_error")).isEqualTo(3);
      assertThat(metrics.requests(label, "circuit_open")).isEqualTo(1);
      assertThat(durationCount(label)).as("a refused query is not timed").isEqualTo(3);
    }
  }

  @Test
  void theEndpointLabelMakesTheDefaultPortExplicitAndDropsEverythingElse() {
    assertThat(SignalMetrics.endpointLabel(URI.create("https://Prom.Example:9443/api/prom")))
        .isEqualTo("https://prom.example:9443");
    assertThat(SignalMetrics.endpointLabel(URI.create("http://prometheus.monitoring")))
        .isEqualTo("http://prometheus.monitoring:80");
    assertThat(SignalMetrics.endpointLabel(URI.create("https://thanos/query?x=1#f")))
        .isEqualTo("https://thanos:443");
    assertThat(SignalMetrics.endpointLabel(URI.create("http://user:pw@prom:9090/p")))
        .isEqualTo("http://prom:9090");
  }

  private long durationCount(String endpoint) {
    for (MetricSnapshot snapshot : registry.scrape()) {
      if (snapshot instanceof HistogramSnapshot h
          && h.getMetadata().getName().equals("headroom_prometheus_query_duration_seconds")) {
        return h.getDataPoints().stream()
            .filter(p -> endpoint.equals(p.getLabels().get("endpoint")))
            .mapToLong(HistogramSnapshot.HistogramDataPointSnapshot::getCount)
            .sum();
      }
    }
    return 0;
  }

  private List<String> labelValues() {
    List<String> values = new ArrayList<>();
    for (MetricSnapshot snapshot : registry.scrape()) {
      for (DataPointSnapshot point : snapshot.getDataPoints()) {
        for (Label label : point.getLabels()) {
          values.add(label.getValue());
        }
      }
    }
    return values;
  }
}
