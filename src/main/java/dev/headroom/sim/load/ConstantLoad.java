package dev.headroom.sim.load;

import java.util.List;

/** The same rate throughout. */
public record ConstantLoad(double rps) implements LoadTrace {
  public ConstantLoad {
    Shapes.requireRate("rps", rps);
  }

  @Override
  public double rpsAt(double second) {
    return rps;
  }

  @Override
  public List<Integer> loadChanges(int durationSeconds) {
    return List.of();
  }

  @Override
  public String describe() {
    return "constant " + Shapes.rps(rps);
  }
}
