package dev.headroom.api.v1alpha1;

/** What to do while metrics are missing. */
public enum MissingMetricsAction {
  Hold,
  Fallback
}
