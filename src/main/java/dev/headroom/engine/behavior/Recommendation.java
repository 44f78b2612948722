package dev.headroom.engine.behavior;

import java.time.Instant;
import java.util.Objects;

/**
 * An unstabilized recommendation as the HPA records it (its timestampedRecommendation).
 *
 * @param at when it was made
 * @param replicas the replica count the metrics asked for
 */
public record Recommendation(Instant at, int replicas) {
  public Recommendation {
    Objects.requireNonNull(at, "at");
  }
}
