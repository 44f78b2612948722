package dev.headroom.sim.load;

import java.util.List;

/** Offered load over simulated time: the request rate a scenario sends at each second. */
public interface LoadTrace {
  /** The offered load at a simulated second (fractional seconds allowed), never negative. */
  double rpsAt(double second);

  /**
   * The seconds in [0, durationSeconds) at which the shape changes abruptly (a step, a spike's
   * edges, a sawtooth's drop), so reports can measure recovery per change. Empty for smooth shapes.
   */
  List<Integer> loadChanges(int durationSeconds);

  /** A one-line description with parameters, for reports and progress. */
  String describe();
}
