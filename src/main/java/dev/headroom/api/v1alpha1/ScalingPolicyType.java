package dev.headroom.api.v1alpha1;

/** The unit of a scaling policy's value. */
public enum ScalingPolicyType {
  Pods,
  Percent
}
