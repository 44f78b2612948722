package dev.headroom.sim;

import java.time.Duration;

/**
 * A replica (and possibly resource) controller under test. The simulator calls {@link #decide}
 * every {@link #syncPeriod()} of simulated time with what a real controller of its kind could
 * observe, and applies the answer. Implementations keep whatever state they need between calls and
 * must be deterministic.
 */
public interface Controller {
  /** A short name used in reports: headroom, hpa, keda, oracle. */
  String name();

  /** How often the controller evaluates (the HPA: 15 s; KEDA: its polling interval). */
  Duration syncPeriod();

  ControlAction decide(Observation observation);
}
