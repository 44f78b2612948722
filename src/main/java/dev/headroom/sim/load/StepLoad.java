package dev.headroom.sim.load;

import java.util.List;

/** One abrupt change of rate: {@code fromRps} before {@code atSecond}, {@code toRps} from then. */
public record StepLoad(double fromRps, double toRps, int atSecond) implements LoadTrace {
  public StepLoad {
    Shapes.requireRate("fromRps", fromRps);
    Shapes.requireRate("toRps", toRps);
    Shapes.requireNonNegative("atSecond", atSecond);
  }

  /** The classic autoscaler test: the load triples at once. */
  public static StepLoad tripling(double baseRps, int atSecond) {
    return new StepLoad(baseRps, 3 * baseRps, atSecond);
  }

  @Override
  public double rpsAt(double second) {
    return second < atSecond ? fromRps : toRps;
  }

  @Override
  public List<Integer> loadChanges(int durationSeconds) {
    return Shapes.inside(atSecond, durationSeconds) ? List.of(atSecond) : List.of();
  }

  @Override
  public String describe() {
    return "step " + Shapes.rps(fromRps) + " -> " + Shapes.rps(toRps) + " at " + atSecond + " s";
  }
}
