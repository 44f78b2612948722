package dev.headroom.sim.report;

import java.util.List;
import java.util.OptionalInt;

/** How long after each load change the latency budgets are met again, for good. */
final class Recovery {
  private Recovery() {}

  /**
   * For each load change (same order): seconds until the first second from which the latency
   * budgets are met for {@code holdSeconds} in a row. A hold cut short by the end of the run does
   * not count: the run did not show that the service had recovered.
   */
  static List<OptionalInt> secondsAfter(
      List<Integer> loadChangeSeconds, boolean[] latencyMet, int holdSeconds) {
    int[] metRunFrom = metRunLengths(latencyMet);
    return loadChangeSeconds.stream()
        .map(change -> recoveryAfter(change, metRunFrom, holdSeconds))
        .toList();
  }

  /** For each second, how many consecutive seconds from it on are met. */
  private static int[] metRunLengths(boolean[] met) {
    int[] runFrom = new int[met.length + 1];
    for (int second = met.length - 1; second >= 0; second--) {
      runFrom[second] = met[second] ? runFrom[second + 1] + 1 : 0;
    }
    return runFrom;
  }

  private static OptionalInt recoveryAfter(int change, int[] metRunFrom, int holdSeconds) {
    int seconds = metRunFrom.length - 1;
    for (int second = Math.max(change, 0); second < seconds; second++) {
      if (metRunFrom[second] >= holdSeconds) {
        return OptionalInt.of(second - change);
      }
    }
    return OptionalInt.empty();
  }
}
