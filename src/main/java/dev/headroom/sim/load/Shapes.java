package dev.headroom.sim.load;

import java.util.Locale;

/** Argument checks and formatting shared by the built-in shapes. */
final class Shapes {
  private Shapes() {}

  static void requireRate(String name, double rps) {
    if (!(rps >= 0) || Double.isInfinite(rps)) {
      throw new IllegalArgumentException(name + " must be a finite rate >= 0, got " + rps);
    }
  }

  static void requirePositive(String name, double value) {
    if (!(value > 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(name + " must be > 0, got " + value);
    }
  }

  static void requireNonNegative(String name, double value) {
    if (!(value >= 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(name + " must be >= 0, got " + value);
    }
  }

  static String rps(double rps) {
    return String.format(Locale.ROOT, "%.6g rps", rps).replaceAll("\\.?0+ rps$", " rps");
  }

  /** Whole seconds at which a change at {@code second} is reported, if inside the run. */
  static boolean inside(double second, int durationSeconds) {
    return second >= 0 && second < durationSeconds;
  }
}
