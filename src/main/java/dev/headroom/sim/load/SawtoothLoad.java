package dev.headroom.sim.load;

import java.util.ArrayList;
import java.util.List;

/** A linear climb from {@code minRps} to {@code maxRps} over each period, then a drop at once. */
public record SawtoothLoad(double minRps, double maxRps, int periodSeconds) implements LoadTrace {
  public SawtoothLoad {
    Shapes.requireRate("minRps", minRps);
    Shapes.requireRate("maxRps", maxRps);
    Shapes.requirePositive("periodSeconds", periodSeconds);
  }

  @Override
  public double rpsAt(double second) {
    double intoPeriod = second - Math.floor(second / periodSeconds) * periodSeconds;
    return minRps + (maxRps - minRps) * intoPeriod / periodSeconds;
  }

  /** The drops: the ends of each period. */
  @Override
  public List<Integer> loadChanges(int durationSeconds) {
    List<Integer> drops = new ArrayList<>();
    for (int second = periodSeconds; second < durationSeconds; second += periodSeconds) {
      drops.add(second);
    }
    return List.copyOf(drops);
  }

  @Override
  public String describe() {
    return "sawtooth "
        + Shapes.rps(minRps)
        + ".."
        + Shapes.rps(maxRps)
        + ", period "
        + periodSeconds
        + " s";
  }
}
