package dev.headroom.sim;

/**
 * A change a controller made: replicas from → to, or a resource change (from == to).
 *
 * @param second when, in seconds since the start
 * @param fromReplicas spec.replicas before
 * @param toReplicas spec.replicas after
 * @param resourcesChanged whether container resources changed too
 * @param note the controller's reason
 */
public record ScalingEvent(
    int second, int fromReplicas, int toReplicas, boolean resourcesChanged, String note) {}
