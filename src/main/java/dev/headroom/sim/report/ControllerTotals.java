package dev.headroom.sim.report;

/**
 * One controller's scores summed over every scenario it ran.
 *
 * @param scenarios how many scenarios it ran
 * @param durationSeconds their total length
 * @param anyViolationSeconds summed {@link Scores#anyViolationSeconds()}
 * @param latencyViolationSeconds summed {@link Scores#latencyViolationSeconds()}
 * @param replicaSeconds summed {@link Scores#replicaSeconds()}
 * @param coreSeconds summed {@link Scores#coreSeconds()}
 * @param memoryGiBSeconds summed {@link Scores#memoryGiBSeconds()}
 * @param scalingActions summed {@link Scores#scalingActions()}
 * @param directionChanges summed {@link Scores#directionChanges()}
 */
public record ControllerTotals(
    int scenarios,
    long durationSeconds,
    long anyViolationSeconds,
    long latencyViolationSeconds,
    long replicaSeconds,
    double coreSeconds,
    double memoryGiBSeconds,
    long scalingActions,
    long directionChanges) {

  static final ControllerTotals NONE = new ControllerTotals(0, 0, 0, 0, 0, 0, 0, 0, 0);

  ControllerTotals plus(Scores scores) {
    return new ControllerTotals(
        scenarios + 1,
        durationSeconds + scores.durationSeconds(),
        anyViolationSeconds + scores.anyViolationSeconds(),
        latencyViolationSeconds + scores.latencyViolationSeconds(),
        replicaSeconds + scores.replicaSeconds(),
        coreSeconds + scores.coreSeconds(),
        memoryGiBSeconds + scores.memoryGiBSeconds(),
        scalingActions + scores.scalingActions(),
        directionChanges + scores.directionChanges());
  }
}
