package dev.headroom.sim.load;

import java.util.List;

/**
 * A load multiplied second by second by a factor drawn in advance (noise, bursts): the base trace's
 * shape with variation that no windowed rate can show before it happens.
 */
public final class ModulatedLoad implements LoadTrace {
  private final LoadTrace base;
  private final double[] factors;
  private final String modulation;

  /**
   * @param base the load before modulation
   * @param factors the multiplier of each second (the last one holds after the end), each >= 0
   * @param modulation what the factors are, for reports
   */
  public ModulatedLoad(LoadTrace base, double[] factors, String modulation) {
    if (factors.length == 0) {
      throw new IllegalArgumentException("at least one factor");
    }
    for (double factor : factors) {
      Shapes.requireRate("factor", factor);
    }
    this.base = base;
    this.factors = factors.clone();
    this.modulation = modulation;
  }

  @Override
  public double rpsAt(double second) {
    int index = (int) Math.floor(Math.max(0, second));
    return base.rpsAt(second) * factors[Math.min(index, factors.length - 1)];
  }

  @Override
  public List<Integer> loadChanges(int durationSeconds) {
    return base.loadChanges(durationSeconds);
  }

  @Override
  public String describe() {
    return base.describe() + ", " + modulation;
  }
}
