package dev.headroom.engine;

import dev.headroom.engine.behavior.Behavior;
import java.time.Duration;
import java.util.List;

/**
 * A policy in the engine's terms: budgets in explicit units, replica bounds, behavior, resources
 * and prices. Built from a PerformancePolicy by {@link PolicyTranslator}.
 *
 * @param budgets every budget, latency first in the order written
 * @param minReplicas at least this many
 * @param maxReplicas at most this many
 * @param behavior stabilization, rate limits and cooldowns per direction
 * @param fallbackReplicas replicas to ensure while metrics are missing; 0 to hold
 * @param resources how container resources may change
 * @param prices for choosing the cheapest way to meet the budgets
 * @param signalWindow the range of the {@code rate()} behind the request rate and latency
 */
public record EnginePolicy(
    List<Budget> budgets,
    int minReplicas,
    int maxReplicas,
    Behavior behavior,
    int fallbackReplicas,
    ResourceRules resources,
    Prices prices,
    Duration signalWindow) {

  public EnginePolicy {
    budgets = List.copyOf(budgets);
    if (minReplicas < 1 || maxReplicas < minReplicas) {
      throw new IllegalArgumentException(
          "need 1 <= minReplicas <= maxReplicas, got " + minReplicas + ".." + maxReplicas);
    }
  }

  public int clamp(int replicas) {
    return Math.max(minReplicas, Math.min(maxReplicas, replicas));
  }
}
