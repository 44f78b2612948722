package dev.headroom.sim.observe;

import java.time.Instant;

/** Simulated time as wall-clock instants, from a fixed epoch so every run reads the same. */
public final class SimClock {
  /** Second 0 of every simulation. */
  public static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");

  private SimClock() {}

  public static Instant instant(int second) {
    return EPOCH.plusSeconds(second);
  }

  public static int second(Instant instant) {
    return (int) (instant.getEpochSecond() - EPOCH.getEpochSecond());
  }
}
