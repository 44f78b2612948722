package dev.headroom.signals;

import java.util.List;

/** The part of a query's answer that belongs to one target, or why there is none. */
sealed interface Slice {
  record Series(List<SeriesSample> samples) implements Slice {
    public Series {
      samples = List.copyOf(samples);
    }
  }

  record Failed(SignalError error, String message) implements Slice {}

  static Slice of(QueryOutcome outcome) {
    if (outcome instanceof QueryOutcome.Failure f) {
      return new Failed(f.error(), f.message());
    }
    return new Series(((QueryOutcome.Success) outcome).series());
  }
}
