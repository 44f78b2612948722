package dev.headroom.sim;

/**
 * The kind of workload that runs a scenario's pods, as its manifest says: a Deployment, or a
 * StatefulSet with its {@code spec.podManagementPolicy}. Controllers may read it (an operator reads
 * the target's manifest); the cluster model follows it.
 */
public enum WorkloadKind {
  /** A Deployment: pods are created and deleted together, and roll with a surge. */
  DEPLOYMENT("Deployment", ""),
  /**
   * A StatefulSet with {@code podManagementPolicy: OrderedReady} (Kubernetes' default): pod N + 1
   * is created only once pods 0..N are Running and Ready, and scale-down deletes the highest
   * ordinal first, one at a time.
   */
  STATEFUL_SET_ORDERED_READY("StatefulSet", "OrderedReady"),
  /** A StatefulSet with {@code podManagementPolicy: Parallel}: pods start and stop together. */
  STATEFUL_SET_PARALLEL("StatefulSet", "Parallel");

  private final String kind;
  private final String podManagementPolicy;

  WorkloadKind(String kind, String podManagementPolicy) {
    this.kind = kind;
    this.podManagementPolicy = podManagementPolicy;
  }

  /** The manifest's kind: Deployment or StatefulSet. */
  public String kind() {
    return kind;
  }

  /** A StatefulSet's {@code spec.podManagementPolicy}; empty for a Deployment. */
  public String podManagementPolicy() {
    return podManagementPolicy;
  }

  /** Whether pods start one at a time, each once the one before it is Running and Ready. */
  public boolean orderedReady() {
    return this == STATEFUL_SET_ORDERED_READY;
  }
}
