package dev.headroom.reconciler;

import dev.headroom.api.v1alpha1.PerformancePolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The evaluation time of the status this operator last wrote for each policy, so that an evaluation
 * does not start from an informer cache that has not seen that write yet. The status carries the
 * engine's memory (stabilization windows, what it learned, the last scale); evaluating from the one
 * before would decide again what was just decided and act twice. An event that comes in the second
 * after a write (a pod of the scale-up starting, an OOM kill) would do that: on real pods the
 * operator once went 5 → 10 replicas within a second, with two status writes refused for conflict.
 */
final class WrittenStatuses {
  /**
   * How long a cache may lag a write before the write counts as lost (the status write failed after
   * all, or a user replaced the status) and the evaluation goes ahead from what the cache holds.
   */
  static final Duration PATIENCE = Duration.ofSeconds(10);

  /**
   * How soon to look again while the cache lags; the write's own watch event usually comes first.
   */
  static final Duration RETRY = Duration.ofSeconds(1);

  private final Map<String, Instant> written = new ConcurrentHashMap<>();

  /**
   * The policy's status (set on it) is being written. Only its evaluation time counts: a status
   * written without an evaluation (no metrics read, an invalid spec) keeps the previous time and
   * carries no new engine memory.
   */
  void wrote(PerformancePolicy policy) {
    evaluatedAt(policy)
        .ifPresentOrElse(
            time -> written.put(PolicyRecords.key(policy), time), () -> forget(policy));
  }

  /** The write failed, or the policy is gone: nothing to wait for. */
  void forget(PerformancePolicy policy) {
    written.remove(PolicyRecords.key(policy));
  }

  /**
   * Whether the policy as cached predates the last status written for it, and that write is recent
   * enough to be still on its way.
   */
  boolean cacheBehind(PerformancePolicy cached, Instant now) {
    String key = PolicyRecords.key(cached);
    Instant last = written.get(key);
    if (last == null) {
      return false;
    }
    if (!now.isBefore(last.plus(PATIENCE))) {
      written.remove(key, last);
      return false;
    }
    return evaluatedAt(cached).map(seen -> seen.isBefore(last)).orElse(true);
  }

  private static Optional<Instant> evaluatedAt(PerformancePolicy policy) {
    return PolicyRecords.evaluatedAt(policy.getStatus());
  }
}
