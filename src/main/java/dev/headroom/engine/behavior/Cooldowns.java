package dev.headroom.engine.behavior;

import java.time.Instant;
import java.util.List;

/**
 * Our extension to the HPA: no scale event in a direction while the newest event in that direction
 * is younger than its cooldown. Unlike a stabilization window it holds after every change, so a
 * change can take effect and show in the metrics before the next one.
 */
final class Cooldowns {
  private Cooldowns() {}

  static RateLimits.Limited hold(
      Behavior behavior,
      BehaviorState state,
      int currentReplicas,
      RateLimits.Limited proposal,
      Instant now) {
    if (proposal.replicas() > currentReplicas
        && running(behavior.scaleUp(), state.scaleUpEvents(), now)) {
      return new RateLimits.Limited(currentReplicas, Reasons.SCALE_UP_COOLDOWN);
    }
    if (proposal.replicas() < currentReplicas
        && running(behavior.scaleDown(), state.scaleDownEvents(), now)) {
      return new RateLimits.Limited(currentReplicas, Reasons.SCALE_DOWN_COOLDOWN);
    }
    return proposal;
  }

  private static boolean running(DirectionRules rules, List<ScaleEvent> events, Instant now) {
    if (rules.cooldown().isZero() || events.isEmpty()) {
      return false;
    }
    Instant newest = events.stream().map(ScaleEvent::at).max(Instant::compareTo).orElseThrow();
    return newest.plus(rules.cooldown()).isAfter(now);
  }
}
