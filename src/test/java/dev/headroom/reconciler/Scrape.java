package dev.headroom.reconciler;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** One scrape of a registry, read as a dashboard would: a series' value by name and labels. */
record Scrape(MetricSnapshots snapshots) {
  static Scrape of(PrometheusRegistry registry) {
    return new Scrape(registry.scrape());
  }

  /**
   * The value of a counter or gauge series.
   *
   * @param name the exposed name, {@code _total} included for counters
   * @param labels name, value, name, value...
   */
  Optional<Double> value(String name, String... labels) {
    Labels wanted = Labels.of(labels);
    for (MetricSnapshot snapshot : snapshots) {
      if (!exposedNames(snapshot).contains(name)) {
        continue;
      }
      for (DataPointSnapshot point : snapshot.getDataPoints()) {
        if (point.getLabels().equals(wanted)) {
          return Optional.of(valueOf(point));
        }
      }
    }
    return Optional.empty();
  }

  /** How many observations a histogram without labels has. */
  long histogramCount(String name) {
    for (MetricSnapshot snapshot : snapshots) {
      if (snapshot instanceof HistogramSnapshot h
          && snapshot.getMetadata().getName().equals(name)) {
        return h.getDataPoints().stream().mapToLong(p -> p.getCount()).sum();
      }
    }
    return 0;
  }

  /** Every series labelled with this policy, as {@code name=value}. */
  List<String> seriesOf(String policy) {
    List<String> out = new ArrayList<>();
    for (MetricSnapshot snapshot : snapshots) {
      for (DataPointSnapshot point : snapshot.getDataPoints()) {
        if (policy.equals(point.getLabels().get("policy"))) {
          out.add(
              snapshot.getMetadata().getName()
                  + (point.getLabels().contains("budget")
                      ? "{" + point.getLabels().get("budget") + "}"
                      : point.getLabels().contains("state")
                          ? "{" + point.getLabels().get("state") + "}"
                          : "")
                  + "="
                  + valueOf(point));
        }
      }
    }
    return out;
  }

  private static List<String> exposedNames(MetricSnapshot snapshot) {
    String name = snapshot.getMetadata().getName();
    return snapshot instanceof CounterSnapshot ? List.of(name + "_total") : List.of(name);
  }

  private static double valueOf(DataPointSnapshot point) {
    if (point instanceof CounterSnapshot.CounterDataPointSnapshot c) {
      return c.getValue();
    }
    if (point instanceof GaugeSnapshot.GaugeDataPointSnapshot g) {
      return g.getValue();
    }
    throw new IllegalArgumentException("not a counter or gauge: " + point);
  }
}
