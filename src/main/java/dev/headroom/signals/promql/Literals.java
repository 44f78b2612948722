package dev.headroom.signals.promql;

import java.math.BigDecimal;

/** PromQL string and number literals. */
public final class Literals {
  private Literals() {}

  /**
   * {@code value} as a double-quoted PromQL string that Prometheus reads back as exactly {@code
   * value}: backslash, double quote and every control character are escaped (Go's escapes, which
   * PromQL uses), so no value can end the string or start another part of the query. An unpaired
   * UTF-16 surrogate, which has no UTF-8 form, becomes U+FFFD as it would on the wire.
   */
  public static String quote(String value) {
    return quote(value, '"');
  }

  /** {@code value} quoted with {@code quote} ({@code "} or {@code '}), escaped as above. */
  static String quote(String value, char quote) {
    StringBuilder out = new StringBuilder(value.length() + 2).append(quote);
    appendEscaped(out, value, quote);
    return out.append(quote).toString();
  }

  /** The escaped form of {@code value} for the inside of a string quoted with {@code quote}. */
  static void appendEscaped(StringBuilder out, String value, char quote) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c)
            && i + 1 < value.length()
            && Character.isLowSurrogate(value.charAt(i + 1))) {
          out.append(c).append(value.charAt(++i));
        } else {
          out.append('\uFFFD');
        }
        continue;
      }
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c == quote) {
            out.append('\\').append(c);
          } else if (c < 0x20
              || c == 0x7f
              || (c >= 0x80 && c < 0xa0)
              || c == 0x2028
              || c == 0x2029) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
  }

  /** A finite number as PromQL reads it, without exponent ({@code 0.95}, {@code 1000}). */
  public static String number(double value) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("a PromQL number literal here is finite, got " + value);
    }
    return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }
}
