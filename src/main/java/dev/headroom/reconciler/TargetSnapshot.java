package dev.headroom.reconciler;

/** What the reconciler read of the target workload. */
public record TargetSnapshot(
    String kind, String namespace, String name, int replicas, int readyReplicas) {

  public String describe() {
    return kind + " " + namespace + "/" + name;
  }
}
