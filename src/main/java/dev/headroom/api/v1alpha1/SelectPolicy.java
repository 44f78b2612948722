package dev.headroom.api.v1alpha1;

/** Which scaling policy applies when several allow different changes. */
public enum SelectPolicy {
  Max,
  Min,
  Disabled
}
