package dev.headroom.api.v1alpha1;

/** How new container resources reach the pods. */
public enum UpdateMethod {
  Rollout,
  InPlace
}
