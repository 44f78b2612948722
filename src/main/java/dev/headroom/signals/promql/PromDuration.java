package dev.headroom.signals.promql;

import java.time.Duration;

/** A positive duration in PromQL's syntax: {@code 5m}, {@code 30s}, {@code 1500ms}. */
public record PromDuration(Duration duration) {
  public PromDuration {
    if (duration == null || duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("a PromQL duration is positive, got " + duration);
    }
    if (duration.toNanosPart() % 1_000_000 != 0) {
      throw new IllegalArgumentException(
          "PromQL durations have millisecond resolution, got " + duration);
    }
  }

  public static PromDuration of(Duration duration) {
    return new PromDuration(duration);
  }

  /** The largest whole unit: hours, minutes, seconds, else milliseconds. */
  public String render() {
    long millis = duration.toMillis();
    if (millis % 3_600_000 == 0) {
      return millis / 3_600_000 + "h";
    }
    if (millis % 60_000 == 0) {
      return millis / 60_000 + "m";
    }
    if (millis % 1000 == 0) {
      return millis / 1000 + "s";
    }
    return millis + "ms";
  }

  @Override
  public String toString() {
    return render();
  }
}
