package dev.headroom.engine;

/** Which container resource values the engine sets. */
public enum ResourceMode {
  OFF,
  REQUESTS,
  REQUESTS_AND_LIMITS
}
