package dev.headroom.api.v1alpha1;

/** Workload kinds a policy can target. */
public enum TargetKind {
  Deployment
}
