package dev.headroom.api.v1alpha1;

/** Which container resource values Headroom sets. */
public enum ResourceMode {
  Off,
  Requests,
  RequestsAndLimits
}
