package dev.headroom.engine;

/**
 * What one signal asks of horizontal scaling.
 *
 * @param budget the budget whose signal this is
 * @param replicas the replicas it asks for
 * @param reason why, in words
 * @param unreachable the budget cannot be met with any allowed replica count: replicas do not fix
 *     it
 */
record Recommendation(Budget budget, int replicas, String reason, boolean unreachable) {
  Recommendation(Budget budget, int replicas, String reason) {
    this(budget, replicas, reason, false);
  }

  Recommendation withReplicas(int newReplicas, String newReason) {
    return new Recommendation(budget, newReplicas, newReason, unreachable);
  }
}
