package dev.headroom.engine;

/**
 * What one signal asks of horizontal scaling.
 *
 * @param budget the budget whose signal this is
 * @param replicas the replicas it asks for
 * @param reason why, in words
 * @param unreachable the budget cannot be met with any allowed replica count: replicas do not fix
 *     it
 * @param trial a try of more replicas where the model says none would help: what it promises is the
 *     budget's aim, so the effectiveness check can find that it did not help
 */
record Recommendation(
    Budget budget, int replicas, String reason, boolean unreachable, boolean trial) {
  Recommendation(Budget budget, int replicas, String reason) {
    this(budget, replicas, reason, false, false);
  }

  Recommendation(Budget budget, int replicas, String reason, boolean unreachable) {
    this(budget, replicas, reason, unreachable, false);
  }

  Recommendation withReplicas(int newReplicas, String newReason) {
    return new Recommendation(budget, newReplicas, newReason, unreachable, trial);
  }
}
