package dev.headroom.signals;

import java.util.List;

/** What one query came to: the series Prometheus answered with, or a classified failure. */
sealed interface QueryOutcome {
  /** The answer: an instant vector's series, or a scalar as one series without labels. */
  record Success(List<SeriesSample> series) implements QueryOutcome {
    public Success {
      series = List.copyOf(series);
    }
  }

  /** Why there is no answer, with a message for people. */
  record Failure(SignalError error, String message) implements QueryOutcome {}
}
