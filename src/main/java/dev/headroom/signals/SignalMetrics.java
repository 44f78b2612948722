package dev.headroom.signals;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.Locale;

/**
 * The signals layer's own metrics, in the registry it is given. Labels are bounded: the outcome of
 * a query is {@code ok} or a {@link SignalError} name.
 */
public final class SignalMetrics {
  private final Gauge queriesPerCycle;
  private final Gauge policiesPerCycle;
  private final Counter queries;
  private final Histogram cycleDuration;

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
  }

  void query(QueryOutcome outcome) {
    queries
        .labelValues(
            outcome instanceof QueryOutcome.Failure f
                ? f.error().name().toLowerCase(Locale.ROOT)
                : "ok")
        .inc();
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

  /** Queries issued so far with this outcome ({@code ok} or an error name in lower case). */
  public long queries(String outcome) {
    return (long) queries.labelValues(outcome).get();
  }
}
