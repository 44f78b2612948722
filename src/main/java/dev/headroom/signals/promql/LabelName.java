package dev.headroom.signals.promql;

import java.util.regex.Pattern;

/** A Prometheus label name, checked when made: letters, digits and {@code _}. */
public record LabelName(String value) {
  private static final Pattern SYNTAX = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

  public LabelName {
    if (value == null || !SYNTAX.matcher(value).matches()) {
      throw new IllegalArgumentException(
          "not a Prometheus label name: '" + value + "' (letters, digits and _)");
    }
  }

  public static LabelName of(String value) {
    return new LabelName(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
