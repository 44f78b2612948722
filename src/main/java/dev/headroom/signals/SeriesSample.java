package dev.headroom.signals;

import java.time.Instant;
import java.util.Map;

/**
 * One series of a query's answer: its labels, its value (NaN and ±Inf as Prometheus sent them) and
 * the evaluation timestamp Prometheus gave it.
 */
record SeriesSample(Map<String, String> labels, double value, Instant timestamp) {
  SeriesSample {
    labels = Map.copyOf(labels);
  }
}
