package dev.headroom.sim.model;

/** A latency distribution: what the simulator needs from one, in seconds. */
public interface Latency {
  /** P(latency > seconds). */
  double tail(double seconds);

  double meanSeconds();

  /** The q-quantile, 0 < q < 1. */
  default double quantileSeconds(double q) {
    return Quantiles.invertTail(this, q);
  }
}
