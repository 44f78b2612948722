package dev.headroom.sim.model;

/** The latency of one pod's requests, which a backlog or a slow dependency delays by a constant. */
public interface PodLatency extends Latency {
  /** The same distribution with {@code seconds} more for every request. */
  PodLatency plus(double seconds);
}
