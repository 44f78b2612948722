package dev.headroom.signals;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;

/**
 * The signals layer's own metrics, in the registry it is given. Labels are bounded: the outcome of
 * a query is {@code ok} or a {@link SignalError} name; the endpoint is a configured Prometheus'
 * {@code scheme://host:port}, never its path or anything that could carry a credential.
 */
public final class SignalMetrics {
  private final Gauge queriesPerCycle;
  private final Gauge policiesPerCycle;
  private final Counter queries;
  private final Histogram cycleDuration;
  private final Counter httpQueries;
  private final Histogram httpDuration;

  public SignalMetrics(PrometheusRegistry registry) {
    queriesPerCycle =
        Gauge.builder()
            .name("headroom_signal_queries_per_cycle")
            .help("Prometheus queries the last evaluation cycle issued.")
            .register(registry);
    policiesPerCycle =
        Gauge.builder()
            .name("headroom_signal_policies_per_cycle")
            .help("Policies the last evaluation cycle read signals for.")
            .register(registry);
    queries =
        Counter.builder()
            .name("headroom_signal_queries_total")
            .help("Prometheus queries issued, by outcome (ok or the error class).")
            .labelNames("outcome")
            .register(registry);
    cycleDuration =
        Histogram.builder()
            .name("headroom_signal_cycle_duration_seconds")
            .help("Wall time of one evaluation cycle's signal reads.")
            .register(registry);
    httpQueries =
        Counter.builder()
            .name("headroom_prometheus_queries_total")
            .help(
                "HTTP requests to Prometheus' query API, each retry counted, by endpoint"
                    + " (scheme://host:port) and outcome (ok or the error class); a query the"
                    + " circuit breaker refused counts once as circuit_open without a request.")
            .labelNames("endpoint", "outcome")
            .register(registry);
    httpDuration =
        Histogram.builder()
            .name("headroom_prometheus_query_duration_seconds")
            .help("Time from sending an HTTP request to Prometheus to its answer or failure.")
            .labelNames("endpoint")
            .register(registry);
  }

  void query(QueryOutcome outcome) {
    queries.labelValues(outcomeLabel(outcome)).inc();
  }

  /** One HTTP request to Prometheus and how it ended. */
  void request(URI endpoint, QueryOutcome outcome, Duration elapsed) {
    String label = endpointLabel(endpoint);
    httpQueries.labelValues(label, outcomeLabel(outcome)).inc();
    httpDuration.labelValues(label).observe(elapsed.toNanos() / 1e9);
  }

  /** A query the endpoint's circuit breaker refused: no request was sent. */
  void refused(URI endpoint) {
    httpQueries
        .labelValues(
            endpointLabel(endpoint), SignalError.CIRCUIT_OPEN.name().toLowerCase(Locale.ROOT))
        .inc();
  }

  private static String outcomeLabel(QueryOutcome outcome) {
    return outcome instanceof QueryOutcome.Failure f
        ? f.error().name().toLowerCase(Locale.ROOT)
        : "ok";
  }

  /**
   * {@code scheme://host:port} of a Prometheus base URL, the port made explicit: built from those
   * parts only, so a path (a tenant's, a proxy's), a query or user info never becomes a label
   * value.
   */
  static String endpointLabel(URI url) {
    String scheme = url.getScheme() == null ? "http" : url.getScheme().toLowerCase(Locale.ROOT);
    String host = url.getHost() == null ? "unknown" : url.getHost().toLowerCase(Locale.ROOT);
    int port = url.getPort() >= 0 ? url.getPort() : "https".equals(scheme) ? 443 : 80;
    return scheme + "://" + host + ":" + port;
  }

  void cycle(int policies, int queriesIssued, Duration elapsed) {
    policiesPerCycle.set(policies);
    queriesPerCycle.set(queriesIssued);
    cycleDuration.observe(elapsed.toNanos() / 1e9);
  }

  /** Queries the last cycle issued. */
  public double lastQueriesPerCycle() {
    return queriesPerCycle.get();
  }

  /** HTTP requests sent to one endpoint ({@code scheme://host:port}) that ended in an outcome. */
  public long requests(String endpoint, String outcome) {
    return (long) httpQueries.labelValues(endpoint, outcome).get();
  }

  /** Queries issued so far with this outcome ({@code ok} or an error name in lower case). */
  public long queries(String outcome) {
    return (long) queries.labelValues(outcome).get();
  }
}
