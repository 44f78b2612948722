package dev.headroom.reconciler;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;

/** The operator's own metrics about reconciliation. Labels are bounded: outcomes only. */
public class ReconcileMetrics {
  private final Counter reconciliations;
  private final Histogram duration;

  public ReconcileMetrics(PrometheusRegistry registry) {
    reconciliations =
        Counter.builder()
            .name("headroom_reconciliations_total")
            .help("Policy reconciliations, by outcome.")
            .labelNames("outcome")
            .register(registry);
    duration =
        Histogram.builder()
            .name("headroom_reconcile_duration_seconds")
            .help("Time to reconcile one policy, excluding the status write.")
            .register(registry);
  }

  void reconciled(String outcome, long startedNanos) {
    reconciliations.labelValues(outcome).inc();
    duration.observe(Unit.nanosToSeconds(System.nanoTime() - startedNanos));
  }

  /** The count for one outcome, for tests and the health page. */
  public long count(String outcome) {
    return (long) reconciliations.labelValues(outcome).get();
  }
}
