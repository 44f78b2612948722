package dev.headroom.sim.load;

import java.util.List;

/**
 * A slow linear change from {@code fromRps} to {@code toRps} over {@code overSeconds}, starting at
 * {@code startSecond} and flat on either side. Smooth, so it reports no load changes.
 */
public record RampLoad(double fromRps, double toRps, int startSecond, int overSeconds)
    implements LoadTrace {
  public RampLoad {
    Shapes.requireRate("fromRps", fromRps);
    Shapes.requireRate("toRps", toRps);
    Shapes.requireNonNegative("startSecond", startSecond);
    Shapes.requirePositive("overSeconds", overSeconds);
  }

  @Override
  public double rpsAt(double second) {
    double progress = Math.min(1, Math.max(0, (second - startSecond) / overSeconds));
    return fromRps + (toRps - fromRps) * progress;
  }

  @Override
  public List<Integer> loadChanges(int durationSeconds) {
    return List.of();
  }

  @Override
  public String describe() {
    return "ramp "
        + Shapes.rps(fromRps)
        + " -> "
        + Shapes.rps(toRps)
        + " over "
        + overSeconds
        + " s from "
        + startSecond
        + " s";
  }
}
