package dev.headroom.signals.promql;

import java.util.regex.Pattern;

/** A Prometheus metric name, checked when made: letters, digits, {@code _} and {@code :}. */
public record MetricName(String value) {
  private static final Pattern SYNTAX = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

  public MetricName {
    if (value == null || !SYNTAX.matcher(value).matches()) {
      throw new IllegalArgumentException(
          "not a Prometheus metric name: '" + value + "' (letters, digits, _ and :)");
    }
  }

  public static MetricName of(String value) {
    return new MetricName(value);
  }

  /** This name with a suffix, e.g. {@code _bucket}. */
  public MetricName suffixed(String suffix) {
    return new MetricName(value + suffix);
  }

  @Override
  public String toString() {
    return value;
  }
}
