package dev.headroom.sim;

import java.util.Optional;

/**
 * What a controller asks of the cluster: a replica count and, optionally, new container resources
 * (applied by a rolling update).
 *
 * @param replicas desired spec.replicas
 * @param resources new container resources, or empty to keep the current ones
 * @param note why, in a few words (shown in the report); may be empty
 */
public record ControlAction(int replicas, Optional<Resources> resources, String note) {
  public static ControlAction replicas(int replicas, String note) {
    return new ControlAction(replicas, Optional.empty(), note);
  }
}
