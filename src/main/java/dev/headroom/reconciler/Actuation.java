package dev.headroom.reconciler;

import dev.headroom.engine.ContainerResources;
import java.util.Map;
import java.util.Optional;

/**
 * What to change on the target: the replicas, the containers' resources, or both. Only what differs
 * from the target now is set.
 *
 * @param replicas the replicas to set, if they change
 * @param resources per container name, the resources to set, for the containers that change
 */
public record Actuation(Optional<Integer> replicas, Map<String, ContainerResources> resources) {
  public Actuation {
    resources = Map.copyOf(resources);
  }

  public boolean isEmpty() {
    return replicas.isEmpty() && resources.isEmpty();
  }
}
