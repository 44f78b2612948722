package dev.headroom.engine;

import dev.headroom.engine.behavior.BehaviorState;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The engine's memory between decisions: a value it returns in every {@link Decision} and gets back
 * with the next input, so the engine itself holds no state and can be persisted in the policy's
 * status.
 *
 * @param behavior recommendations and scale events for stabilization, rate limits and cooldowns
 * @param capacity what was learned of the workload
 * @param violatedSince when each currently violated budget started being violated
 * @param pendingChecks latency scale-ups waiting to be judged
 * @param ineffective latency budgets for which replicas do not help
 * @param lastResourceChange when container resources were last changed; null if never
 * @param recentRequestRates the request rates of the last two signal windows, oldest first, for the
 *     load's trend
 * @param lastReplicaChange when the engine last changed the replica count; null if never
 */
public record EngineState(
    BehaviorState behavior,
    CapacityEstimate capacity,
    Map<String, Instant> violatedSince,
    List<LatencyCheck> pendingChecks,
    Map<String, Ineffective> ineffective,
    Instant lastResourceChange,
    List<Sample> recentRequestRates,
    Instant lastReplicaChange) {

  public EngineState {
    violatedSince = Map.copyOf(violatedSince);
    pendingChecks = List.copyOf(pendingChecks);
    ineffective = Map.copyOf(ineffective);
    recentRequestRates = List.copyOf(recentRequestRates);
  }

  /**
   * This state with its behavior memory changed, e.g. {@link
   * BehaviorState#lastRecommendationHeldUntil} after a restart or {@link
   * BehaviorState#withRecommendationsDelayedBy} after an apiserver outage.
   */
  public EngineState withBehavior(UnaryOperator<BehaviorState> change) {
    return new EngineState(
        change.apply(behavior),
        capacity,
        violatedSince,
        pendingChecks,
        ineffective,
        lastResourceChange,
        recentRequestRates,
        lastReplicaChange);
  }

  public static EngineState initial() {
    return new EngineState(
        BehaviorState.empty(),
        CapacityEstimate.unknown(),
        Map.of(),
        List.of(),
        Map.of(),
        null,
        List.of(),
        null);
  }
}
