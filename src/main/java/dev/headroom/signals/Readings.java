package dev.headroom.signals;

import dev.headroom.engine.ContainerUsage;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Turns answers into readings: an empty answer is {@link SignalError#NO_DATA} (never zero), NaN and
 * ±Inf are errors of their own, and a value whose newest sample is older than two scrape intervals
 * is {@link SignalError#STALE}.
 */
final class Readings {
  private Readings() {}

  /**
   * One value per target.
   *
   * @param freshness when the underlying series were last scraped; empty for a custom template,
   *     whose value then counts as sampled when Prometheus evaluated it
   */
  static Reading scalar(
      SignalKind kind, Slice value, Optional<Slice> freshness, Instant now, Duration staleAfter) {
    if (value instanceof Slice.Failed f) {
      return new Reading.Failed(f.error(), f.message());
    }
    var samples = ((Slice.Series) value).samples();
    if (samples.isEmpty()) {
      return new Reading.Failed(
          SignalError.NO_DATA, "no series for the target (an empty answer, not zero)");
    }
    if (samples.size() > 1) {
      return new Reading.Failed(
          SignalError.BAD_QUERY,
          "the query returns "
              + samples.size()
              + " series for the target; it must return one (aggregate with sum or max)");
    }
    double v = samples.get(0).value();
    if (Double.isNaN(v)) {
      return new Reading.Failed(SignalError.NOT_A_NUMBER, notANumber(kind));
    }
    if (Double.isInfinite(v)) {
      return new Reading.Failed(
          SignalError.INFINITE, "Prometheus answered " + (v > 0 ? "+Inf" : "-Inf"));
    }
    if (freshness.isEmpty()) {
      return new Reading.Value(v, samples.get(0).timestamp());
    }
    Freshness fresh = freshness(freshness.get(), now, staleAfter);
    return fresh.failure() != null ? fresh.failure() : new Reading.Value(v, fresh.at());
  }

  /**
   * Per container: CPU percentile and memory peak, throttling 0 when absent. A container with
   * throttling but no history yet (the percentile's subquery needs minutes of samples; a new
   * workload, a new container) is reported with its throttling alone, so that a CPU limit too small
   * is acted on as soon as the throttling's rate has two samples, not once the history has some.
   */
  static Reading containers(
      Slice cpuHigh,
      Slice memoryPeak,
      Slice throttling,
      Slice freshness,
      Instant now,
      Duration staleAfter) {
    for (Slice slice : new Slice[] {cpuHigh, memoryPeak, throttling}) {
      if (slice instanceof Slice.Failed f) {
        return new Reading.Failed(f.error(), f.message());
      }
    }
    Freshness fresh = freshness(freshness, now, staleAfter);
    if (fresh.failure() != null) {
      return fresh.failure();
    }
    Instant at = fresh.at();
    Map<String, Double> cpu = byContainer(cpuHigh);
    Map<String, Double> memory = byContainer(memoryPeak);
    Map<String, Double> throttled = byContainer(throttling);
    Map<String, ContainerUsage> usage = new TreeMap<>();
    cpu.forEach(
        (container, cores) -> {
          Double bytes = memory.get(container);
          if (bytes != null) {
            usage.put(
                container,
                new ContainerUsage(
                    cores,
                    Math.round(bytes),
                    Math.min(1, throttled.getOrDefault(container, 0.0)),
                    at));
          }
        });
    throttled.forEach(
        (container, share) ->
            usage.computeIfAbsent(
                container, c -> ContainerUsage.throttlingOnly(Math.min(1, share), at)));
    if (usage.isEmpty()) {
      return new Reading.Failed(
          SignalError.NO_DATA,
          "no CPU and memory history of the target's containers (cAdvisor series)");
    }
    return new Reading.Usage(usage, at);
  }

  /** When the target was last scraped, or (failure set) why its data is not fresh. */
  private record Freshness(Instant at, Reading.Failed failure) {
    static Freshness failed(SignalError error, String message) {
      return new Freshness(null, new Reading.Failed(error, message));
    }
  }

  private static Freshness freshness(Slice freshness, Instant now, Duration staleAfter) {
    if (freshness instanceof Slice.Failed f) {
      return Freshness.failed(f.error(), "when it was last scraped: " + f.message());
    }
    double newest = Double.NEGATIVE_INFINITY;
    for (SeriesSample sample : ((Slice.Series) freshness).samples()) {
      if (Double.isFinite(sample.value())) {
        newest = Math.max(newest, sample.value());
      }
    }
    if (newest == Double.NEGATIVE_INFINITY) {
      return Freshness.failed(
          SignalError.STALE,
          "no sample within Prometheus' lookback (5m by default): the target is not scraped now");
    }
    Instant at = Instant.ofEpochMilli(Math.round(newest * 1000));
    Duration age = Duration.between(at, now);
    if (age.compareTo(staleAfter) > 0) {
      return Freshness.failed(
          SignalError.STALE,
          "the newest sample is "
              + age.toSeconds()
              + "s old, more than two scrape intervals ("
              + staleAfter.toSeconds()
              + "s)");
    }
    return new Freshness(at, null);
  }

  /** Finite, non-negative values by their {@code container} label. */
  private static Map<String, Double> byContainer(Slice slice) {
    Map<String, Double> values = new HashMap<>();
    for (SeriesSample sample : ((Slice.Series) slice).samples()) {
      String container = sample.labels().get(Family.CONTAINER.value());
      if (container != null && Double.isFinite(sample.value()) && sample.value() >= 0) {
        values.merge(container, sample.value(), Math::max);
      }
    }
    return values;
  }

  private static String notANumber(SignalKind kind) {
    return switch (kind) {
      case LATENCY_QUANTILE ->
          "Prometheus answered NaN: no requests in the window (histogram_quantile of empty"
              + " buckets)";
      case LATENCY_AVERAGE, ERROR_RATIO ->
          "Prometheus answered NaN: no requests in the window (0/0)";
      default -> "Prometheus answered NaN";
    };
  }

  /** A value with its unit, for status messages. */
  static String format(SignalKind kind, double value) {
    return switch (kind) {
      case LATENCY_QUANTILE, LATENCY_AVERAGE ->
          value < 1
              ? String.format(Locale.ROOT, "%.1fms", value * 1000)
              : String.format(Locale.ROOT, "%.3fs", value);
      case ERROR_RATIO -> String.format(Locale.ROOT, "%.3f%%", value * 100);
      case REQUEST_RATE -> String.format(Locale.ROOT, "%.2f requests/s", value);
      case CPU_CORES_PER_POD ->
          String.format(Locale.ROOT, "%dm CPU per pod", Math.round(value * 1000));
      case MEMORY_BYTES_PER_POD ->
          String.format(Locale.ROOT, "%dMi per pod", Math.round(value / (1024 * 1024)));
      case CONTAINER_USAGE -> String.format(Locale.ROOT, "%.0f containers", value);
    };
  }
}
