package dev.headroom.testing.crd;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Map;
import java.util.Optional;

/**
 * A Kubernetes {@code resource.Quantity}: parsed with apimachinery's grammar, compared exactly.
 *
 * <p>Equality is numeric ({@code 1 == 1000m}), matching the CEL quantity library, which is why this
 * is not a record.
 */
final class KubeQuantity implements Comparable<KubeQuantity> {

  /** apimachinery's {@code ErrFormatWrong} text, which CEL rule errors surface verbatim. */
  static final String FORMAT_ERROR =
      "quantities must match the regular expression"
          + " '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

  static final String SUFFIX_ERROR = "unable to parse quantity's suffix";

  private static final Map<String, BigDecimal> SUFFIXES =
      Map.ofEntries(
          Map.entry("n", BigDecimal.ONE.scaleByPowerOfTen(-9)),
          Map.entry("u", BigDecimal.ONE.scaleByPowerOfTen(-6)),
          Map.entry("m", BigDecimal.ONE.scaleByPowerOfTen(-3)),
          Map.entry("", BigDecimal.ONE),
          Map.entry("k", BigDecimal.ONE.scaleByPowerOfTen(3)),
          Map.entry("M", BigDecimal.ONE.scaleByPowerOfTen(6)),
          Map.entry("G", BigDecimal.ONE.scaleByPowerOfTen(9)),
          Map.entry("T", BigDecimal.ONE.scaleByPowerOfTen(12)),
          Map.entry("P", BigDecimal.ONE.scaleByPowerOfTen(15)),
          Map.entry("E", BigDecimal.ONE.scaleByPowerOfTen(18)),
          Map.entry("Ki", binary(10)),
          Map.entry("Mi", binary(20)),
          Map.entry("Gi", binary(30)),
          Map.entry("Ti", binary(40)),
          Map.entry("Pi", binary(50)),
          Map.entry("Ei", binary(60)));

  private static final BigDecimal LONG_MIN = BigDecimal.valueOf(Long.MIN_VALUE);
  private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);

  private final BigDecimal value;
  private final String text;

  private KubeQuantity(BigDecimal value, String text) {
    this.value = value;
    this.text = text;
  }

  static KubeQuantity parse(String text) {
    return tryParse(text).orElseThrow(() -> new IllegalArgumentException(parseError(text)));
  }

  static Optional<KubeQuantity> tryParse(String text) {
    return parseError(text) == null ? Optional.of(doParse(text)) : Optional.empty();
  }

  /** Why {@code text} is not a quantity, in apimachinery's words, or null when it is one. */
  static String parseError(String text) {
    Parts parts = Parts.split(text);
    if (parts == null) {
      return FORMAT_ERROR;
    }
    if (!SUFFIXES.containsKey(parts.suffix) && parts.exponent() == null) {
      return SUFFIX_ERROR;
    }
    return null;
  }

  private static KubeQuantity doParse(String text) {
    Parts parts = Parts.split(text);
    BigDecimal number = new BigDecimal(parts.number);
    BigDecimal scaled =
        parts.exponent() != null
            ? number.scaleByPowerOfTen(parts.exponent())
            : number.multiply(SUFFIXES.get(parts.suffix));
    // Quantities keep at most nano precision and round away from zero beyond it.
    if (scaled.scale() > 9) {
      scaled = scaled.setScale(9, RoundingMode.UP);
    }
    return new KubeQuantity(parts.negative ? scaled.negate() : scaled, text);
  }

  static KubeQuantity of(BigDecimal value) {
    return new KubeQuantity(value, value.stripTrailingZeros().toPlainString());
  }

  BigDecimal value() {
    return value;
  }

  KubeQuantity add(KubeQuantity other) {
    return of(value.add(other.value));
  }

  KubeQuantity subtract(KubeQuantity other) {
    return of(value.subtract(other.value));
  }

  long sign() {
    return value.signum();
  }

  /** True when the value is whole and fits int64, like {@code Quantity.AsInt64}'s ok result. */
  boolean isInteger() {
    return value.stripTrailingZeros().scale() <= 0
        && value.compareTo(LONG_MIN) >= 0
        && value.compareTo(LONG_MAX) <= 0;
  }

  long asInteger() {
    if (!isInteger()) {
      throw new ArithmeticException("cannot convert value to integer");
    }
    return value.longValueExact();
  }

  double asApproximateFloat() {
    return value.doubleValue();
  }

  @Override
  public int compareTo(KubeQuantity other) {
    return value.compareTo(other.value);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof KubeQuantity q && value.compareTo(q.value) == 0;
  }

  @Override
  public int hashCode() {
    return value.stripTrailingZeros().hashCode();
  }

  @Override
  public String toString() {
    return text;
  }

  private static BigDecimal binary(int power) {
    return new BigDecimal(BigInteger.ONE.shiftLeft(power));
  }

  /** The pieces apimachinery's {@code parseQuantityString} cuts a quantity into. */
  private record Parts(boolean negative, String number, String suffix) {

    static Parts split(String s) {
      if (s == null || s.isEmpty()) {
        return null;
      }
      int pos = 0;
      boolean negative = false;
      if (s.charAt(0) == '-' || s.charAt(0) == '+') {
        negative = s.charAt(0) == '-';
        pos++;
      }
      int start = pos;
      pos = digits(s, pos);
      String whole = s.substring(start, pos);
      String fraction = "";
      if (pos < s.length() && s.charAt(pos) == '.') {
        int fractionStart = ++pos;
        pos = digits(s, pos);
        fraction = s.substring(fractionStart, pos);
      }
      String number = (whole.isEmpty() ? "0" : whole) + (fraction.isEmpty() ? "" : "." + fraction);
      int suffixStart = pos;
      while (pos < s.length() && "eEinumkKMGTP".indexOf(s.charAt(pos)) >= 0) {
        pos++;
      }
      if (pos < s.length() && (s.charAt(pos) == '-' || s.charAt(pos) == '+')) {
        pos++;
      }
      if (digits(s, pos) != s.length()) {
        return null;
      }
      return new Parts(negative, number, s.substring(suffixStart));
    }

    /** The power of ten of an {@code e}/{@code E} suffix, or null when the suffix is not one. */
    Integer exponent() {
      if (suffix.length() > 1 && (suffix.charAt(0) == 'e' || suffix.charAt(0) == 'E')) {
        try {
          return Integer.parseInt(suffix.substring(1));
        } catch (NumberFormatException e) {
          return null;
        }
      }
      return null;
    }

    private static int digits(String s, int pos) {
      while (pos < s.length() && Character.isDigit(s.charAt(pos)) && s.charAt(pos) < 128) {
        pos++;
      }
      return pos;
    }
  }
}
