package dev.headroom.sim.controllers;

import java.time.Instant;
import java.util.Objects;

/**
 * A pod's Ready condition.
 *
 * @param ready its status is True
 * @param lastTransition when the status last changed
 */
public record ReadyCondition(boolean ready, Instant lastTransition) {
  public ReadyCondition {
    Objects.requireNonNull(lastTransition, "lastTransition");
  }
}
