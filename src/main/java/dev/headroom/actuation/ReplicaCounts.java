package dev.headroom.actuation;

/**
 * A Deployment's replicas as its spec asks and as its status reports Ready.
 *
 * @param spec {@code spec.replicas}, 1 when unset (the apiserver's default)
 * @param ready {@code status.readyReplicas}, 0 when unset
 */
public record ReplicaCounts(int spec, int ready) {}
