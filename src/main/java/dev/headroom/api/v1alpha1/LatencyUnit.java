package dev.headroom.api.v1alpha1;

/** The unit of a histogram's observations. */
public enum LatencyUnit {
  Seconds,
  Milliseconds
}
