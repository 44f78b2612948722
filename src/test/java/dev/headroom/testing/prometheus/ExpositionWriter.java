package dev.headroom.testing.prometheus;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Prometheus text format, written sample by sample with label values escaped; a sample may
 * carry its timestamp, as a kubelet's {@code /metrics/resource} does.
 */
public final class ExpositionWriter {
  private final StringBuilder text = new StringBuilder();

  public void type(String metric, String type) {
    text.append("# TYPE ").append(metric).append(' ').append(type).append('\n');
  }

  public void sample(String metric, Map<String, String> labels, double value) {
    line(metric, new TreeMap<>(labels), value);
    text.append('\n');
  }

  /** A sample taken at {@code timestampMillis} (since the epoch). */
  public void sample(
      String metric, Map<String, String> labels, double value, long timestampMillis) {
    line(metric, new TreeMap<>(labels), value);
    text.append(' ').append(timestampMillis).append('\n');
  }

  /** A sample with one more label, e.g. a histogram bucket's {@code le}. */
  public void sample(
      String metric, Map<String, String> labels, String name, Object extra, double value) {
    Map<String, String> all = new TreeMap<>(labels);
    all.put(name, extra instanceof Double d ? format(d) : extra.toString());
    line(metric, all, value);
    text.append('\n');
  }

  private void line(String metric, Map<String, String> labels, double value) {
    text.append(metric);
    if (labels.isEmpty()) {
      text.append(' ').append(format(value));
      return;
    }
    text.append('{');
    boolean first = true;
    for (var label : labels.entrySet()) {
      if (!first) {
        text.append(',');
      }
      first = false;
      text.append(label.getKey()).append("=\"").append(escape(label.getValue())).append('"');
    }
    text.append("} ").append(format(value));
  }

  private static String format(double value) {
    return String.format(Locale.ROOT, "%s", value);
  }

  private static String escape(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }

  @Override
  public String toString() {
    return text.toString();
  }
}
