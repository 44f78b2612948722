package dev.headroom.engine.behavior;

/** The unit of a {@link ScalingPolicy}'s value, as the HPA's HPAScalingPolicyType. */
public enum PolicyType {
  /** An absolute number of pods. */
  PODS,
  /** A percentage of the replicas at the start of the policy's period. */
  PERCENT
}
