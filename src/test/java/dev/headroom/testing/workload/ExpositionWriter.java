package dev.headroom.testing.workload;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** The Prometheus text format, written sample by sample with label values escaped. */
final class ExpositionWriter {
  private final StringBuilder text = new StringBuilder();

  void type(String metric, String type) {
    text.append("# TYPE ").append(metric).append(' ').append(type).append('\n');
  }

  void sample(String metric, Map<String, String> labels, double value) {
    line(metric, new TreeMap<>(labels), value);
  }

  /** A sample with one more label, e.g. a histogram bucket's {@code le}. */
  void sample(String metric, Map<String, String> labels, String name, Object extra, double value) {
    Map<String, String> all = new TreeMap<>(labels);
    all.put(name, extra instanceof Double d ? format(d) : extra.toString());
    line(metric, all, value);
  }

  private void line(String metric, Map<String, String> labels, double value) {
    text.append(metric).append('{');
    boolean first = true;
    for (var label : labels.entrySet()) {
      if (!first) {
        text.append(',');
      }
      first = false;
      text.append(label.getKey()).append("=\"").append(escape(label.getValue())).append('"');
    }
    text.append("} ").append(format(value)).append('\n');
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
