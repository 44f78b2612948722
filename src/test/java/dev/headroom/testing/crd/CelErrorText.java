package dev.headroom.testing.crd;

import dev.cel.runtime.CelEvaluationException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rewrites cel-java evaluation errors into the words cel-go uses, since those are what the
 * apiserver prints ({@code no such key: x evaluating rule: ...}).
 */
final class CelErrorText {

  private static final Pattern LOCATION = Pattern.compile("^evaluation error( at [^:]*:\\d+)?: ");
  private static final Pattern MISSING_KEY =
      Pattern.compile("key '(.*)' is not present in map\\.?");

  private CelErrorText() {}

  static String of(CelEvaluationException e) {
    String message = LOCATION.matcher(String.valueOf(e.getMessage())).replaceFirst("");
    String code = String.valueOf(e.getErrorCode());
    Matcher missing = MISSING_KEY.matcher(message);
    if (missing.matches()) {
      return "no such key: " + missing.group(1);
    }
    if (message.startsWith("invalid duration format")) {
      // cel-go: a string that time.ParseDuration refuses fails the conversion as a whole (checked
      // on a 1.36 server: "type conversion error from 'string' to 'google.protobuf.Duration'").
      return "type conversion error from 'string' to 'google.protobuf.Duration'";
    }
    return switch (code) {
      case "DIVIDE_BY_ZERO" -> "division by zero";
      case "NUMERIC_OVERFLOW" -> "integer overflow";
      case "OVERLOAD_NOT_FOUND" -> "no such overload";
      default -> message;
    };
  }
}
