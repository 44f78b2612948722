package dev.headroom.sim.load;

import java.util.ArrayList;
import java.util.List;

/** A flat base with one rectangular burst to {@code peakRps}. */
public record SpikeLoad(double baseRps, double peakRps, int startSecond, int durationSeconds)
    implements LoadTrace {
  public SpikeLoad {
    Shapes.requireRate("baseRps", baseRps);
    Shapes.requireRate("peakRps", peakRps);
    Shapes.requireNonNegative("startSecond", startSecond);
    Shapes.requirePositive("durationSeconds", durationSeconds);
  }

  @Override
  public double rpsAt(double second) {
    return second >= startSecond && second < startSecond + durationSeconds ? peakRps : baseRps;
  }

  @Override
  public List<Integer> loadChanges(int runSeconds) {
    List<Integer> changes = new ArrayList<>();
    if (Shapes.inside(startSecond, runSeconds)) {
      changes.add(startSecond);
    }
    if (Shapes.inside(startSecond + durationSeconds, runSeconds)) {
      changes.add(startSecond + durationSeconds);
    }
    return List.copyOf(changes);
  }

  @Override
  public String describe() {
    return "spike "
        + Shapes.rps(baseRps)
        + " -> "
        + Shapes.rps(peakRps)
        + " from "
        + startSecond
        + " s for "
        + durationSeconds
        + " s";
  }
}
