package dev.headroom.testing.crd;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Prints values the way the Go apiserver does, so error lines match byte for byte.
 *
 * <p>Field errors print scalars with {@code %v}/{@code %q} and compound values as JSON; Go's float
 * formatting differs from Java's ({@code 1e+06}, not {@code 1000000.0}), hence the hand-rolled
 * conversions.
 */
final class GoFormat {

  private GoFormat() {}

  /** A field error's bad value: {@code "text"}, {@code 5}, {@code 0.5}, {@code true}, JSON. */
  static String value(Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof String s) {
      return quote(s);
    }
    if (value instanceof Double d) {
      return floatV(d);
    }
    if (value instanceof Long || value instanceof Integer || value instanceof Boolean) {
      return value.toString();
    }
    return json(value);
  }

  /** Go's {@code strconv.Quote}. */
  static String quote(String s) {
    StringBuilder out = new StringBuilder(s.length() + 2).append('"');
    s.codePoints()
        .forEach(
            cp -> {
              switch (cp) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case 0x07 -> out.append("\\a");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case 0x0B -> out.append("\\v");
                default -> {
                  if (isPrint(cp)) {
                    out.appendCodePoint(cp);
                  } else if (cp < 0x80) {
                    out.append(String.format("\\x%02x", cp));
                  } else if (cp < 0x10000) {
                    out.append(String.format("\\u%04x", cp));
                  } else {
                    out.append(String.format("\\U%08x", cp));
                  }
                }
              }
            });
    return out.append('"').toString();
  }

  /** Go's {@code %v} for a float64: shortest digits, exponent form outside [1e-4, 1e6). */
  static String floatV(double d) {
    if (Double.isNaN(d)) {
      return "NaN";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "+Inf" : "-Inf";
    }
    if (d == 0) {
      return 1 / d < 0 ? "-0" : "0";
    }
    Digits digits = Digits.of(d);
    if (digits.exponent < -4 || digits.exponent >= 6) {
      return digits.sign + digits.scientific("e", 2);
    }
    return digits.sign + digits.plain();
  }

  /** Go's {@code encoding/json} for decoded JSON values; map keys come out sorted, as in Go. */
  static String json(Object value) {
    StringBuilder out = new StringBuilder();
    appendJson(out, value);
    return out.toString();
  }

  private static void appendJson(StringBuilder out, Object value) {
    if (value == null) {
      out.append("null");
    } else if (value instanceof String s) {
      appendJsonString(out, s);
    } else if (value instanceof Double d) {
      out.append(jsonFloat(d));
    } else if (value instanceof Map<?, ?> map) {
      out.append('{');
      boolean first = true;
      for (Map.Entry<String, ?> e : sorted(map).entrySet()) {
        if (!first) {
          out.append(',');
        }
        first = false;
        appendJsonString(out, e.getKey());
        out.append(':');
        appendJson(out, e.getValue());
      }
      out.append('}');
    } else if (value instanceof List<?> list) {
      out.append('[');
      for (int i = 0; i < list.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        appendJson(out, list.get(i));
      }
      out.append(']');
    } else {
      out.append(value);
    }
  }

  private static Map<String, ?> sorted(Map<?, ?> map) {
    Map<String, Object> sorted = new TreeMap<>();
    map.forEach((k, v) -> sorted.put(String.valueOf(k), v));
    return sorted;
  }

  private static String jsonFloat(double d) {
    if (d == 0) {
      return "0";
    }
    Digits digits = Digits.of(d);
    double abs = Math.abs(d);
    if (abs < 1e-6 || abs >= 1e21) {
      return digits.sign + digits.scientific("e", 1);
    }
    return digits.sign + digits.plain();
  }

  private static void appendJsonString(StringBuilder out, String s) {
    out.append('"');
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        // Go escapes HTML-significant characters and JS line terminators by default.
        case '<', '>', '&', '\u2028', '\u2029' -> out.append(String.format("\\u%04x", (int) c));
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  private static boolean isPrint(int cp) {
    if (cp == ' ') {
      return true;
    }
    return switch (Character.getType(cp)) {
      case Character.UPPERCASE_LETTER,
          Character.LOWERCASE_LETTER,
          Character.TITLECASE_LETTER,
          Character.MODIFIER_LETTER,
          Character.OTHER_LETTER,
          Character.NON_SPACING_MARK,
          Character.ENCLOSING_MARK,
          Character.COMBINING_SPACING_MARK,
          Character.DECIMAL_DIGIT_NUMBER,
          Character.LETTER_NUMBER,
          Character.OTHER_NUMBER,
          Character.CONNECTOR_PUNCTUATION,
          Character.DASH_PUNCTUATION,
          Character.START_PUNCTUATION,
          Character.END_PUNCTUATION,
          Character.INITIAL_QUOTE_PUNCTUATION,
          Character.FINAL_QUOTE_PUNCTUATION,
          Character.OTHER_PUNCTUATION,
          Character.MATH_SYMBOL,
          Character.CURRENCY_SYMBOL,
          Character.MODIFIER_SYMBOL,
          Character.OTHER_SYMBOL ->
          true;
      default -> false;
    };
  }

  /** The shortest decimal digits of a non-zero double and the exponent of its first digit. */
  private record Digits(String sign, String digits, int exponent) {

    static Digits of(double d) {
      BigDecimal exact = new BigDecimal(Double.toString(Math.abs(d))).stripTrailingZeros();
      String digits = exact.unscaledValue().toString();
      return new Digits(d < 0 ? "-" : "", digits, digits.length() - 1 - exact.scale());
    }

    String scientific(String e, int minExponentDigits) {
      String mantissa =
          digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
      String exp = String.valueOf(Math.abs(exponent));
      while (exp.length() < minExponentDigits) {
        exp = "0" + exp;
      }
      return mantissa + e + (exponent < 0 ? "-" : "+") + exp;
    }

    String plain() {
      if (exponent < 0) {
        return "0." + "0".repeat(-exponent - 1) + digits;
      }
      if (digits.length() <= exponent + 1) {
        return digits + "0".repeat(exponent + 1 - digits.length());
      }
      return digits.substring(0, exponent + 1) + "." + digits.substring(exponent + 1);
    }
  }
}
