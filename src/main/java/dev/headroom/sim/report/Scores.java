package dev.headroom.sim.report;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * One controller's scores on one scenario, all computed from the model's true values.
 *
 * @param controller headroom, hpa, keda, oracle
 * @param durationSeconds the run's length
 * @param violationSeconds by budget name, in policy order: seconds the true value violated the
 *     target
 * @param criticalViolationSeconds by budget name, only budgets with a critical threshold: seconds
 *     the true value was past it
 * @param anyViolationSeconds seconds in which at least one budget violated its target
 * @param latencyViolationSeconds seconds in which at least one {@code latency/} budget violated its
 *     target
 * @param replicaSeconds sum over seconds of pods that existed (what is paid for)
 * @param coreSeconds sum over seconds of requested CPU cores
 * @param memoryGiBSeconds sum over seconds of requested memory in GiB
 * @param scalingActions events that changed replicas or resources
 * @param directionChanges replica moves that reversed the previous move's direction (flapping)
 * @param directionChangesPerLoadChange the most direction changes within one load-change interval
 *     (the run is cut at every load change; with none it is the whole run)
 * @param recoverySeconds one per load change, in the scenario's order: seconds from the change
 *     until every latency budget is met and stays met for {@link
 *     ScoreCalculator#RECOVERY_HOLD_SECONDS}; empty if that never happened within the run
 */
public record Scores(
    String controller,
    int durationSeconds,
    Map<String, Integer> violationSeconds,
    Map<String, Integer> criticalViolationSeconds,
    int anyViolationSeconds,
    int latencyViolationSeconds,
    long replicaSeconds,
    double coreSeconds,
    double memoryGiBSeconds,
    int scalingActions,
    int directionChanges,
    int directionChangesPerLoadChange,
    List<OptionalInt> recoverySeconds) {

  public Scores {
    violationSeconds = Collections.unmodifiableMap(new LinkedHashMap<>(violationSeconds));
    criticalViolationSeconds =
        Collections.unmodifiableMap(new LinkedHashMap<>(criticalViolationSeconds));
    recoverySeconds = List.copyOf(recoverySeconds);
  }

  /**
   * The slowest recovery: empty if there was no load change, or if any load change was never
   * recovered from (then {@link #neverRecovered()} is true).
   */
  public OptionalInt slowestRecoverySeconds() {
    if (recoverySeconds.isEmpty() || neverRecovered()) {
      return OptionalInt.empty();
    }
    return OptionalInt.of(recoverySeconds.stream().mapToInt(OptionalInt::getAsInt).max().orElse(0));
  }

  /** Whether some load change was never recovered from within the run. */
  public boolean neverRecovered() {
    return recoverySeconds.stream().anyMatch(OptionalInt::isEmpty);
  }
}
