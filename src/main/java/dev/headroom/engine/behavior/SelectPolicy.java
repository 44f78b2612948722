package dev.headroom.engine.behavior;

/** Which policy wins when several allow different changes, as the HPA's ScalingPolicySelect. */
public enum SelectPolicy {
  /** The policy allowing the largest change (the HPA's default). */
  MAX,
  /** The policy allowing the smallest change. */
  MIN,
  /** Never scale in this direction. */
  DISABLED
}
