package dev.headroom.sim.load;

import java.util.List;

/**
 * A day-like sinusoid between {@code minRps} and {@code maxRps}, starting at the trough (night) so
 * the first half period is a rise.
 */
public record DiurnalLoad(double minRps, double maxRps, int periodSeconds) implements LoadTrace {
  public DiurnalLoad {
    Shapes.requireRate("minRps", minRps);
    Shapes.requireRate("maxRps", maxRps);
    if (maxRps < minRps) {
      throw new IllegalArgumentException("maxRps must be >= minRps");
    }
    Shapes.requirePositive("periodSeconds", periodSeconds);
  }

  @Override
  public double rpsAt(double second) {
    double phase = 2 * Math.PI * second / periodSeconds;
    return minRps + (maxRps - minRps) * (1 - Math.cos(phase)) / 2;
  }

  @Override
  public List<Integer> loadChanges(int durationSeconds) {
    return List.of();
  }

  @Override
  public String describe() {
    return "diurnal "
        + Shapes.rps(minRps)
        + ".."
        + Shapes.rps(maxRps)
        + ", period "
        + periodSeconds
        + " s";
  }
}
