package dev.headroom.signals;

import java.util.Map;

/**
 * One signal a policy needs and where its value comes from.
 *
 * @param name as status names it, e.g. {@code latency/p95}
 * @param kind what it measures
 * @param quantile the latency quantile for {@link SignalKind#LATENCY_QUANTILE}, else NaN
 * @param sourcing the queries that answer it, or why there are none
 */
record PlannedSignal(String name, SignalKind kind, double quantile, Sourcing sourcing) {

  /** The parts of a signal's answer. */
  enum Role {
    VALUE,
    FRESHNESS,
    CPU_HIGH,
    MEMORY_PEAK,
    THROTTLING
  }

  /** Where a signal's value comes from. */
  sealed interface Sourcing {}

  /** Built queries, one per role, all for the target {@code key}. */
  record Families(Map<Role, Family> parts, TargetKey key) implements Sourcing {
    Families {
      parts = Map.copyOf(parts);
    }
  }

  /** A custom template, filled for this policy. */
  record Template(String query) implements Sourcing {}

  /** No query can answer it: the spec is incomplete or the template is wrong. */
  record Invalid(SignalError error, String message) implements Sourcing {}
}
