package dev.headroom.engine;

import java.time.Duration;
import java.time.Instant;

/** One observed value and when it was sampled. */
public record Sample(double value, Instant at) {
  public Sample {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      throw new IllegalArgumentException("a sample is a finite number, got " + value);
    }
  }

  public boolean freshAt(Instant now, Duration staleAfter) {
    return !at.isBefore(now.minus(staleAfter));
  }
}
