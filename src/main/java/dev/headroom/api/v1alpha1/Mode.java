package dev.headroom.api.v1alpha1;

/** What Headroom does with its decisions for one policy. */
public enum Mode {
  /** Apply the decided replicas and resources to the target. */
  Enforce,
  /** Decide and report, change nothing: a dry run. */
  Recommend,
  /** Do not evaluate. */
  Off
}
