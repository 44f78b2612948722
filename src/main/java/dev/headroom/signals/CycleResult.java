package dev.headroom.signals;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The outcome of one evaluation cycle.
 *
 * @param policies each policy's signals and status, for every policy passed in
 * @param queriesIssued queries sent to Prometheus (a retried query counts once)
 * @param elapsed wall time of the cycle
 */
public record CycleResult(
    Map<PolicyId, PolicySignals> policies, int queriesIssued, Duration elapsed) {
  public CycleResult {
    policies = Map.copyOf(policies);
  }

  public Optional<PolicySignals> policy(PolicyId id) {
    return Optional.ofNullable(policies.get(id));
  }
}
