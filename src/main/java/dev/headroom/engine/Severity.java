package dev.headroom.engine;

/** Where a budget stands. */
public enum Severity {
  MET,
  WARNING,
  CRITICAL,
  NO_DATA;

  public boolean violated() {
    return this == WARNING || this == CRITICAL;
  }
}
