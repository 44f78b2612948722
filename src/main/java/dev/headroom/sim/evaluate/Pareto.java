package dev.headroom.sim.evaluate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Dominance over (violation-seconds, replica-seconds), both lower-is-better. Two figures within 1 %
 * of the larger one count as equal, so a difference of rounding is no win.
 */
public final class Pareto {
  /** Relative difference under which two figures are a tie. */
  public static final double TIE = 0.01;

  private Pareto() {}

  /** Whether {@code a} is no worse than {@code b} on both figures and better on one. */
  public static boolean dominates(Point a, Point b) {
    int violation = compare(a.violationSeconds(), b.violationSeconds());
    int replicas = compare(a.replicaSeconds(), b.replicaSeconds());
    return violation <= 0 && replicas <= 0 && (violation < 0 || replicas < 0);
  }

  /** Whether {@code a} violates no more than {@code b} (a tie counts as no more). */
  public static boolean violatesNoMore(Point a, Point b) {
    return compare(a.violationSeconds(), b.violationSeconds()) <= 0;
  }

  /** Whether {@code a} pays no more replica-seconds than {@code b} (a tie counts as no more). */
  public static boolean paysNoMore(Point a, Point b) {
    return compare(a.replicaSeconds(), b.replicaSeconds()) <= 0;
  }

  /** -1, 0 or 1: {@code a} below, tied with or above {@code b}. */
  static int compare(double a, double b) {
    double larger = Math.max(Math.abs(a), Math.abs(b));
    if (Math.abs(a - b) <= TIE * larger) {
      return 0;
    }
    return a < b ? -1 : 1;
  }

  /**
   * The points no other point of the list dominates, by increasing replica-seconds (ties in both
   * figures keep the first).
   */
  public static List<Point> frontier(List<Point> points) {
    List<Point> sorted = new ArrayList<>(points);
    sorted.sort(
        Comparator.comparingLong(Point::replicaSeconds).thenComparingInt(Point::violationSeconds));
    List<Point> frontier = new ArrayList<>();
    for (Point candidate : sorted) {
      boolean dominated = false;
      for (Point other : points) {
        if (other != candidate && dominates(other, candidate)) {
          dominated = true;
          break;
        }
      }
      boolean duplicate =
          frontier.stream()
              .anyMatch(
                  p ->
                      compare(p.violationSeconds(), candidate.violationSeconds()) == 0
                          && compare(p.replicaSeconds(), candidate.replicaSeconds()) == 0);
      if (!dominated && !duplicate) {
        frontier.add(candidate);
      }
    }
    return List.copyOf(frontier);
  }
}
