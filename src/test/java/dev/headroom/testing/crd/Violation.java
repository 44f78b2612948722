package dev.headroom.testing.crd;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A field error plus its apimachinery error type, which decides whether CEL rules still run.
 *
 * <p>The factories reproduce {@code field.Error.Error()} from k8s.io/apimachinery: {@code "<path>:
 * <type>[: <value>][: <detail>]"}, the value left out when given {@code field.OmitValueType}.
 */
record Violation(Kind kind, FieldError error) {

  enum Kind {
    REQUIRED,
    NOT_SUPPORTED,
    INVALID,
    TYPE_INVALID,
    TOO_LONG,
    TOO_MANY,
    DUPLICATE,
    FORBIDDEN,
    INTERNAL,
    UNKNOWN_FIELD;

    /**
     * The apiserver skips every CEL rule when schema validation produced one of these, because the
     * rules could not safely read the object (customresource strategy {@code hasBlockingErr}).
     */
    boolean blocksRules() {
      return switch (this) {
        case REQUIRED, NOT_SUPPORTED, TOO_LONG, TOO_MANY, TYPE_INVALID -> true;
        default -> false;
      };
    }
  }

  static Violation required(FieldPath path, String detail) {
    return of(Kind.REQUIRED, path, withDetail("Required value", detail));
  }

  static Violation notSupported(FieldPath path, Object value, List<String> supported) {
    String body = "Unsupported value: " + GoFormat.value(value);
    if (!supported.isEmpty()) {
      body +=
          ": supported values: "
              + supported.stream().map(GoFormat::quote).collect(Collectors.joining(", "));
    }
    return of(Kind.NOT_SUPPORTED, path, body);
  }

  static Violation invalid(FieldPath path, Object value, String detail) {
    return of(Kind.INVALID, path, withDetail("Invalid value: " + GoFormat.value(value), detail));
  }

  /** {@code field.Invalid} given {@code field.OmitValueType{}}: the value is left out. */
  static Violation invalidWithoutValue(FieldPath path, String detail) {
    return of(Kind.INVALID, path, withDetail("Invalid value", detail));
  }

  /** {@code field.Duplicate} given {@code field.OmitValueType{}}. */
  static Violation duplicateWithoutValue(FieldPath path) {
    return of(Kind.DUPLICATE, path, "Duplicate value");
  }

  static Violation typeInvalid(FieldPath path, Object value, String detail) {
    return of(
        Kind.TYPE_INVALID, path, withDetail("Invalid value: " + GoFormat.value(value), detail));
  }

  static Violation tooLong(FieldPath path, long max) {
    return of(Kind.TOO_LONG, path, "Too long: may not be more than " + max + " bytes");
  }

  static Violation tooMany(FieldPath path, long actual, long max) {
    return of(Kind.TOO_MANY, path, "Too many: " + actual + ": must have at most " + max + " items");
  }

  static Violation duplicate(FieldPath path, Object value) {
    return of(Kind.DUPLICATE, path, "Duplicate value: " + GoFormat.value(value));
  }

  static Violation forbidden(FieldPath path, String detail) {
    return of(Kind.FORBIDDEN, path, withDetail("Forbidden", detail));
  }

  static Violation unknownField(String path) {
    return new Violation(
        Kind.UNKNOWN_FIELD, new FieldError(path, "unknown field \"" + path + "\""));
  }

  private static Violation of(Kind kind, FieldPath path, String body) {
    return new Violation(kind, new FieldError(path.toString(), path + ": " + body));
  }

  private static String withDetail(String head, String detail) {
    return detail == null || detail.isEmpty() ? head : head + ": " + detail;
  }
}
