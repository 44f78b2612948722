package dev.headroom.engine;

import java.time.Duration;
import java.util.Map;

/**
 * How the engine may change container resources.
 *
 * @param mode which values it sets
 * @param minChangeRatio the least relative change worth a restart (0.1 = 10 %)
 * @param minRolloutInterval the least time between two resource changes
 * @param bounds per container name; "*" applies to containers without their own
 */
public record ResourceRules(
    ResourceMode mode,
    double minChangeRatio,
    Duration minRolloutInterval,
    Map<String, ResourceBounds> bounds) {

  public static final ResourceRules OFF =
      new ResourceRules(ResourceMode.OFF, 0.1, Duration.ofMinutes(15), Map.of());

  public ResourceRules {
    bounds = Map.copyOf(bounds);
  }

  public ResourceBounds boundsFor(String container) {
    return bounds.getOrDefault(container, bounds.getOrDefault("*", ResourceBounds.NONE));
  }
}
