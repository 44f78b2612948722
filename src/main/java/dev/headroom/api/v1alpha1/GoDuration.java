package dev.headroom.api.v1alpha1;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;

/** Parses the Go duration syntax the schema accepts ({@link Formats#DURATION}). */
public final class GoDuration {
  private static final java.util.regex.Pattern FULL =
      java.util.regex.Pattern.compile(Formats.DURATION);
  private static final java.util.regex.Pattern PART =
      java.util.regex.Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(ns|us|ms|s|m|h)");
  private static final Map<String, Long> NANOS_PER_UNIT =
      Map.of(
          "ns", 1L,
          "us", 1_000L,
          "ms", 1_000_000L,
          "s", 1_000_000_000L,
          "m", 60_000_000_000L,
          "h", 3_600_000_000_000L);

  private GoDuration() {}

  /**
   * @throws IllegalArgumentException if the text is not a Go duration
   */
  public static Duration parse(String text) {
    if (text == null || !FULL.matcher(text).matches()) {
      throw new IllegalArgumentException(
          "not a duration: '" + text + "' (expected e.g. 30s, 1m30s, 250ms)");
    }
    BigDecimal nanos = BigDecimal.ZERO;
    Matcher part = PART.matcher(text);
    while (part.find()) {
      nanos =
          nanos.add(
              new BigDecimal(part.group(1))
                  .multiply(BigDecimal.valueOf(NANOS_PER_UNIT.get(part.group(2)))));
    }
    return Duration.ofNanos(nanos.longValueExact());
  }
}
