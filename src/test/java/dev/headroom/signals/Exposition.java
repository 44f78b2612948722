package dev.headroom.signals;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** The Prometheus text format, written family by family (each family's series together). */
final class Exposition {
  private record Family(String type, List<String> lines) {}

  private final Map<String, Family> families = new LinkedHashMap<>();

  void counter(String name, Map<String, String> labels, double value) {
    add(name, "counter", name, labels, value);
  }

  void gauge(String name, Map<String, String> labels, double value) {
    add(name, "gauge", name, labels, value);
  }

  /**
   * A classic histogram.
   *
   * @param upperBounds finite bucket bounds, ascending
   * @param cumulative one cumulative count per bound, then the +Inf count
   */
  void histogram(
      String base,
      Map<String, String> labels,
      double[] upperBounds,
      double[] cumulative,
      double sum) {
    for (int i = 0; i <= upperBounds.length; i++) {
      Map<String, String> withLe = new LinkedHashMap<>(labels);
      withLe.put("le", i == upperBounds.length ? "+Inf" : number(upperBounds[i]));
      add(base, "histogram", base + "_bucket", withLe, cumulative[i]);
    }
    add(base, "histogram", base + "_sum", labels, sum);
    add(base, "histogram", base + "_count", labels, cumulative[upperBounds.length]);
  }

  private void add(
      String family, String type, String name, Map<String, String> labels, double value) {
    families
        .computeIfAbsent(family, f -> new Family(type, new ArrayList<>()))
        .lines()
        .add(name + labels(labels) + " " + number(value));
  }

  String text() {
    StringBuilder out = new StringBuilder();
    families.forEach(
        (name, family) -> {
          out.append("# TYPE ").append(name).append(' ').append(family.type()).append('\n');
          family.lines().forEach(line -> out.append(line).append('\n'));
        });
    return out.toString();
  }

  private static String labels(Map<String, String> labels) {
    if (labels.isEmpty()) {
      return "";
    }
    return labels.entrySet().stream()
        .map(e -> e.getKey() + "=\"" + escape(e.getValue()) + "\"")
        .collect(Collectors.joining(",", "{", "}"));
  }

  /** The exposition format's label value escapes: backslash, double quote, line feed. */
  static String escape(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }

  static String number(double value) {
    return String.format(Locale.ROOT, "%s", value);
  }
}
