package dev.headroom.api.v1alpha1;

/** How badly a budget is violated. */
public enum Severity {
  /** Past the target. */
  Warning,
  /** Past the critical threshold. */
  Critical
}
