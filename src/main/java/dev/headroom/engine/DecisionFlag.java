package dev.headroom.engine;

/** Facts about a decision that status conditions and reports surface. */
public enum DecisionFlag {
  /** A signal the policy needs was missing or stale: no scale-down, no shrinking. */
  METRICS_MISSING,
  /** Nothing at all could be read: replicas held (or raised to the fallback). */
  METRICS_UNAVAILABLE,
  /** Latency is over budget for a reason replicas do not fix; no replicas are added for it. */
  SCALING_INEFFECTIVE,
  /** The recommendation was cut by min/max, a rate policy, a stabilization window or a cooldown. */
  SCALING_LIMITED,
  /** Container resources change in this decision. */
  RESOURCES_CHANGED
}
