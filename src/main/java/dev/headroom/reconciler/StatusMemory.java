package dev.headroom.reconciler;

import com.fasterxml.jackson.databind.JsonNode;
import dev.headroom.api.v1alpha1.ActionRecord;
import dev.headroom.api.v1alpha1.PerformancePolicy;
import dev.headroom.api.v1alpha1.PerformancePolicyStatus;
import dev.headroom.engine.EngineState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * Which evaluations write the policy's status, and what the next evaluation starts from.
 *
 * <p>An evaluation writes the status when something a user or a restart needs has changed: the spec
 * generation it describes, a condition's status or reason, the target's replica count, a budget's
 * state, a violation, the decision (replicas, resources, whether applied), an action taken, or the
 * count the engine recommended (its stabilization windows). Otherwise, while nothing moves, it
 * writes at most every {@link #REFRESH}: the observed values and the time of the last evaluation in
 * the status are then up to that old, while the operator's own metrics ({@code
 * headroom_policy_budget_observed}, {@code headroom_evaluation_lag_seconds}) are current.
 *
 * <p>The next evaluation starts from the newest status this operator made for the policy, written
 * or not, so nothing it learned in between is lost. An operator that starts, takes over the lease,
 * or lost its memory of a policy (its status write failed) starts from the status as stored, which
 * is at most {@link #REFRESH} older than the last evaluation; the count it last recommended is then
 * taken to have held until the refresh was due (or now), since any other count would have been
 * written: a scale-down window does not pass sooner because of a restart.
 */
final class StatusMemory {
  /** The longest a status goes unwritten while nothing changes. */
  static final Duration REFRESH = Duration.ofMinutes(5);

  /** {@code written} is null when the last write failed: the next evaluation writes. */
  private record Remembered(PerformancePolicyStatus latest, Digest written, Instant writtenAt) {}

  /** What of a status makes it worth writing; observed values and times are left out. */
  record Digest(
      Long observedGeneration,
      List<List<Object>> conditions,
      Integer replicas,
      List<List<Object>> budgets,
      List<List<Object>> violations,
      List<Object> decision,
      Optional<ActionRecord> newestAction,
      int recommended) {
    static Digest of(PerformancePolicyStatus status) {
      return new Digest(
          status.observedGeneration(),
          status.conditions() == null
              ? List.of()
              : status.conditions().stream()
                  .map(c -> List.<Object>of(text(c.type()), text(c.status()), text(c.reason())))
                  .toList(),
          status.replicas(),
          status.budgets() == null
              ? List.of()
              : status.budgets().stream()
                  .map(b -> List.<Object>of(text(b.name()), String.valueOf(b.state())))
                  .toList(),
          status.violations() == null
              ? List.of()
              : status.violations().stream()
                  .map(
                      v ->
                          List.<Object>of(
                              text(v.budget()), String.valueOf(v.severity()), text(v.since())))
                  .toList(),
          status.lastDecision() == null
              ? List.of()
              : List.of(
                  String.valueOf(status.lastDecision().replicas()),
                  String.valueOf(status.lastDecision().resources()),
                  String.valueOf(status.lastDecision().applied())),
          status.history() == null || status.history().isEmpty()
              ? Optional.empty()
              : Optional.of(status.history().get(0)),
          lastRecommended(status.engineState()));
    }
  }

  private final Map<String, Remembered> policies = new ConcurrentHashMap<>();

  /**
   * The status the evaluation of {@code cached} starts from: this operator's newest for the policy
   * when it is newer than the stored one, else the stored one — restored as described above when
   * this operator has nothing newer.
   */
  PerformancePolicyStatus base(PerformancePolicy cached, Instant now) {
    PerformancePolicyStatus stored = cached.getStatus();
    Remembered mine = policies.get(PolicyRecords.key(cached));
    if (mine != null && !evaluatedAt(mine.latest()).isBefore(evaluatedAt(stored))) {
      return mine.latest();
    }
    if (stored == null || stored.engineState() == null) {
      return stored;
    }
    Instant storedAt = evaluatedAt(stored);
    if (storedAt.equals(Instant.MIN)) {
      return stored;
    }
    Instant refreshDue = storedAt.plus(REFRESH);
    Instant heldUntil = refreshDue.isBefore(now) ? refreshDue : now;
    return withEngineState(
        stored, state -> state.withBehavior(b -> b.lastRecommendationHeldUntil(heldUntil)));
  }

  /** The status with its engine state changed by {@code change}; as it is if it has none. */
  static PerformancePolicyStatus withEngineState(
      PerformancePolicyStatus status, UnaryOperator<EngineState> change) {
    if (status == null || status.engineState() == null) {
      return status;
    }
    return EngineStateCodec.decode(status.engineState())
        .map(state -> status.withEngineState(EngineStateCodec.encode(change.apply(state))))
        .orElse(status);
  }

  /**
   * Whether {@code status}, just made for {@code policy}, is to be written; remembers it either way
   * as what the next evaluation starts from.
   */
  boolean shouldWrite(PerformancePolicy policy, PerformancePolicyStatus status, Instant now) {
    String key = PolicyRecords.key(policy);
    Remembered mine = policies.get(key);
    Digest digest = Digest.of(status);
    boolean write =
        mine == null
            || !digest.equals(mine.written())
            || !now.isBefore(mine.writtenAt().plus(REFRESH));
    policies.put(
        key,
        write
            ? new Remembered(status, digest, now)
            : new Remembered(status, mine.written(), mine.writtenAt()));
    return write;
  }

  /**
   * The write of the status just remembered failed for a reason that passes (the apiserver away):
   * it is still what the next evaluation starts from, since what it records happened, and the next
   * evaluation writes whatever it makes.
   */
  void writeFailed(PerformancePolicy policy) {
    policies.computeIfPresent(
        PolicyRecords.key(policy),
        (key, mine) -> new Remembered(mine.latest(), null, mine.writtenAt()));
  }

  /** The write failed, or the policy is gone: start from the stored status next time. */
  void forget(PerformancePolicy policy) {
    policies.remove(PolicyRecords.key(policy));
  }

  /** When the engine's newest recommendation in {@code status} was made, if it has one. */
  static Optional<Instant> newestRecommendation(PerformancePolicyStatus status) {
    if (status == null || status.engineState() == null) {
      return Optional.empty();
    }
    return EngineStateCodec.decode(status.engineState())
        .flatMap(
            state ->
                state.behavior().recommendations().stream()
                    .map(r -> r.at())
                    .max(Instant::compareTo));
  }

  /** The count the engine last recommended, from the state's JSON; -1 when there is none. */
  static int lastRecommended(JsonNode engineState) {
    if (engineState == null) {
      return -1;
    }
    JsonNode recommendations = engineState.path("state").path("behavior").path("recommendations");
    if (!recommendations.isArray() || recommendations.isEmpty()) {
      return -1;
    }
    return recommendations.get(recommendations.size() - 1).path("replicas").asInt(-1);
  }

  private static Instant evaluatedAt(PerformancePolicyStatus status) {
    return PolicyRecords.evaluatedAt(status).orElse(Instant.MIN);
  }

  private static String text(String value) {
    return Objects.toString(value, "");
  }
}
