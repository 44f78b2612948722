package dev.headroom.reconciler;

import dev.headroom.engine.Signals;

/**
 * What one evaluation read of a policy's metrics: the signals the engine gets, and whether they
 * could be read, with a reason and a message fit for the {@code MetricsAvailable} condition.
 *
 * @param signals what was read; {@link Signals#none()} when nothing could be
 * @param available whether every budget's metric was read
 * @param reason a CamelCase reason, e.g. MetricsRead, PrometheusUnreachable, BadQuery
 * @param message what a person needs to know, e.g. Prometheus' own error text
 */
public record MetricsReading(Signals signals, boolean available, String reason, String message) {
  public static MetricsReading read(Signals signals) {
    return new MetricsReading(signals, true, "MetricsRead", "every budget's metric was read");
  }

  public static MetricsReading unavailable(String reason, String message) {
    return new MetricsReading(Signals.none(), false, reason, message);
  }
}
