package dev.headroom.sim.load;

import java.util.ArrayList;
import java.util.List;

/**
 * A piecewise-constant load: {@code initialRps} until the first step, then each step's rate from
 * its second on. Steps up and down of any size, in order of time.
 */
public record StepsLoad(double initialRps, List<Step> steps) implements LoadTrace {
  /** From {@code atSecond} on, the load is {@code rps}. */
  public record Step(int atSecond, double rps) {
    public Step {
      Shapes.requireNonNegative("atSecond", atSecond);
      Shapes.requireRate("rps", rps);
    }
  }

  public StepsLoad {
    Shapes.requireRate("initialRps", initialRps);
    steps = List.copyOf(steps);
    for (int i = 1; i < steps.size(); i++) {
      if (steps.get(i).atSecond() <= steps.get(i - 1).atSecond()) {
        throw new IllegalArgumentException("steps must be in increasing order of atSecond");
      }
    }
  }

  @Override
  public double rpsAt(double second) {
    double rps = initialRps;
    for (Step step : steps) {
      if (second < step.atSecond()) {
        break;
      }
      rps = step.rps();
    }
    return rps;
  }

  @Override
  public List<Integer> loadChanges(int durationSeconds) {
    List<Integer> changes = new ArrayList<>();
    for (Step step : steps) {
      if (Shapes.inside(step.atSecond(), durationSeconds)) {
        changes.add(step.atSecond());
      }
    }
    return List.copyOf(changes);
  }

  @Override
  public String describe() {
    StringBuilder text = new StringBuilder("steps ").append(Shapes.rps(initialRps));
    for (Step step : steps) {
      text.append(", ").append(Shapes.rps(step.rps())).append(" at ").append(step.atSecond());
    }
    return text.toString();
  }
}
