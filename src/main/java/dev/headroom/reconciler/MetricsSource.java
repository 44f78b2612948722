package dev.headroom.reconciler;

import dev.headroom.api.v1alpha1.PerformancePolicy;
import java.time.Instant;
import java.util.Optional;

/**
 * Where a policy's metrics come from. Empty means they were not read at all (no source is
 * configured), which the policy reports as {@code MetricsAvailable=Unknown} and which leaves the
 * engine out; a source that tried and failed returns a reading that says why.
 */
@FunctionalInterface
public interface MetricsSource {
  MetricsSource NONE = (policy, target, now) -> Optional.empty();

  Optional<MetricsReading> read(PerformancePolicy policy, TargetSnapshot target, Instant now);

  /**
   * The policy's next evaluation falls due at {@code due}: a source may read it ahead, with the
   * other policies due then. Only a hint; {@link #read} must answer either way.
   */
  default void expect(PerformancePolicy policy, Instant due) {}

  /** The policy was deleted: drop what is kept for it. */
  default void forget(PerformancePolicy policy) {}
}
