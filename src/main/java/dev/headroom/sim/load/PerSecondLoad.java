package dev.headroom.sim.load;

import java.util.List;

/**
 * A load given second by second (drawn in advance from a seed, e.g. a random walk), held constant
 * within each second and at its last value after the end.
 */
public final class PerSecondLoad implements LoadTrace {
  private final double[] rps;
  private final String description;

  public PerSecondLoad(double[] rps, String description) {
    if (rps.length == 0) {
      throw new IllegalArgumentException("at least one second of load");
    }
    for (double value : rps) {
      Shapes.requireRate("rps", value);
    }
    this.rps = rps.clone();
    this.description = description;
  }

  @Override
  public double rpsAt(double second) {
    int index = (int) Math.floor(Math.max(0, second));
    return rps[Math.min(index, rps.length - 1)];
  }

  @Override
  public List<Integer> loadChanges(int durationSeconds) {
    return List.of();
  }

  @Override
  public String describe() {
    return description;
  }
}
