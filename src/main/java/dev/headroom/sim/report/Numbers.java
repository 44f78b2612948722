package dev.headroom.sim.report;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Optional;

/**
 * Number text for the reports. Always through BigDecimal in plain notation, so output never depends
 * on the locale or switches to exponent notation for large sums.
 */
final class Numbers {
  static final int RATIO_DECIMALS = 4;
  static final int RESOURCE_SECONDS_DECIMALS = 3;

  private Numbers() {}

  /** Rounded half-even to a fixed number of decimals; empty when not finite. */
  static Optional<String> fixed(double value, int decimals) {
    if (!Double.isFinite(value)) {
      return Optional.empty();
    }
    return Optional.of(
        BigDecimal.valueOf(value).setScale(decimals, RoundingMode.HALF_EVEN).toPlainString());
  }

  /** The shortest text that reads back as the same double (for targets as configured). */
  static Optional<String> exact(double value) {
    if (!Double.isFinite(value)) {
      return Optional.empty();
    }
    return Optional.of(plain(BigDecimal.valueOf(value)));
  }

  /** Rounded to significant digits, for chart points where more digits only add bytes. */
  static Optional<String> significant(double value, int digits) {
    if (!Double.isFinite(value)) {
      return Optional.empty();
    }
    return Optional.of(
        plain(BigDecimal.valueOf(value).round(new MathContext(digits, RoundingMode.HALF_EVEN))));
  }

  private static String plain(BigDecimal value) {
    if (value.signum() == 0) {
      return "0";
    }
    return value.stripTrailingZeros().toPlainString();
  }
}
