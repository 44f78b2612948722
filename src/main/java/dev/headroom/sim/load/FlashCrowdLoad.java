package dev.headroom.sim.load;

import java.util.List;

/**
 * A flash crowd: a flat base, a linear rise to {@code peakRps} over {@code riseSeconds}, a hold at
 * the peak, then a linear fall back to the base over {@code fallSeconds}.
 */
public record FlashCrowdLoad(
    double baseRps,
    double peakRps,
    int startSecond,
    int riseSeconds,
    int holdSeconds,
    int fallSeconds)
    implements LoadTrace {
  public FlashCrowdLoad {
    Shapes.requireRate("baseRps", baseRps);
    Shapes.requireRate("peakRps", peakRps);
    Shapes.requireNonNegative("startSecond", startSecond);
    Shapes.requirePositive("riseSeconds", riseSeconds);
    Shapes.requireNonNegative("holdSeconds", holdSeconds);
    Shapes.requirePositive("fallSeconds", fallSeconds);
  }

  @Override
  public double rpsAt(double second) {
    double t = second - startSecond;
    if (t < 0) {
      return baseRps;
    }
    if (t < riseSeconds) {
      return baseRps + (peakRps - baseRps) * t / riseSeconds;
    }
    t -= riseSeconds;
    if (t < holdSeconds) {
      return peakRps;
    }
    t -= holdSeconds;
    if (t < fallSeconds) {
      return peakRps + (baseRps - peakRps) * t / fallSeconds;
    }
    return baseRps;
  }

  @Override
  public List<Integer> loadChanges(int durationSeconds) {
    return Shapes.inside(startSecond, durationSeconds) ? List.of(startSecond) : List.of();
  }

  @Override
  public String describe() {
    return "flash crowd "
        + Shapes.rps(baseRps)
        + " -> "
        + Shapes.rps(peakRps)
        + " from "
        + startSecond
        + " s (rise "
        + riseSeconds
        + " s, hold "
        + holdSeconds
        + " s, fall "
        + fallSeconds
        + " s)";
  }
}
