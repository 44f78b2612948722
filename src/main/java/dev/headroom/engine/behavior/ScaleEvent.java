package dev.headroom.engine.behavior;

import java.time.Instant;
import java.util.Objects;

/**
 * A change that was applied (the HPA's timestampedScaleEvent).
 *
 * @param at when it was applied
 * @param replicaChange positive for a scale-up, negative for a scale-down, never zero
 */
public record ScaleEvent(Instant at, int replicaChange) {
  public ScaleEvent {
    Objects.requireNonNull(at, "at");
    if (replicaChange == 0) {
      throw new IllegalArgumentException("a scale event changes the replica count");
    }
  }
}
