package dev.headroom.sim.load;

import java.util.ArrayList;
import java.util.List;

/**
 * A flapping load: {@code highRps} and {@code lowRps} alternate every {@code halfPeriodSeconds},
 * starting high.
 */
public record SquareWaveLoad(double highRps, double lowRps, int halfPeriodSeconds)
    implements LoadTrace {
  public SquareWaveLoad {
    Shapes.requireRate("highRps", highRps);
    Shapes.requireRate("lowRps", lowRps);
    Shapes.requirePositive("halfPeriodSeconds", halfPeriodSeconds);
  }

  @Override
  public double rpsAt(double second) {
    long half = (long) Math.floor(Math.max(0, second) / halfPeriodSeconds);
    return half % 2 == 0 ? highRps : lowRps;
  }

  @Override
  public List<Integer> loadChanges(int durationSeconds) {
    List<Integer> changes = new ArrayList<>();
    for (int at = halfPeriodSeconds; at < durationSeconds; at += halfPeriodSeconds) {
      changes.add(at);
    }
    return List.copyOf(changes);
  }

  @Override
  public String describe() {
    return "flap "
        + Shapes.rps(highRps)
        + " <-> "
        + Shapes.rps(lowRps)
        + " every "
        + halfPeriodSeconds
        + " s";
  }
}
