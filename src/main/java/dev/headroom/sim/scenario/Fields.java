package dev.headroom.sim.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import dev.headroom.api.v1alpha1.Formats;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * One mapping of a scenario file, read field by field so that every error names the file, the
 * field's path and what was expected.
 */
final class Fields {
  private static final Pattern QUANTITY = Pattern.compile(Formats.QUANTITY);

  private final String source;
  private final String path;
  private final JsonNode node;

  private Fields(String source, String path, JsonNode node) {
    this.source = source;
    this.path = path;
    this.node = node;
  }

  static Fields root(String source, JsonNode node) {
    if (node == null || !node.isObject()) {
      throw new ScenarioException(source + ": expected a YAML mapping at the top level");
    }
    return new Fields(source, "", node);
  }

  ScenarioException error(String field, String problem) {
    return new ScenarioException(source + ": " + where(field) + ": " + problem);
  }

  String where(String field) {
    return path.isEmpty() ? field : path + "." + field;
  }

  String source() {
    return source;
  }

  /** Fails on any field not in {@code known}, listing the known ones (catches typos). */
  void rejectUnknown(String... known) {
    Set<String> allowed = Set.of(known);
    Iterator<String> names = node.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!allowed.contains(name)) {
        throw error(name, "unknown field; expected one of " + new TreeSet<>(allowed));
      }
    }
  }

  boolean has(String field) {
    return node.hasNonNull(field);
  }

  Fields object(String field) {
    JsonNode child = required(field);
    if (!child.isObject()) {
      throw error(field, "expected a mapping, got " + describe(child));
    }
    return new Fields(source, where(field), child);
  }

  boolean isObject(String field) {
    return has(field) && node.get(field).isObject();
  }

  /** The raw YAML of a field, for a part read by another parser (an inline policy). */
  JsonNode node(String field) {
    return required(field);
  }

  /** A list of mappings, e.g. load steps. */
  List<Fields> objects(String field) {
    JsonNode child = required(field);
    if (!child.isArray()) {
      throw error(field, "expected a list of mappings, got " + describe(child));
    }
    List<Fields> items = new ArrayList<>();
    for (int i = 0; i < child.size(); i++) {
      JsonNode item = child.get(i);
      if (!item.isObject()) {
        throw error(field, "expected a list of mappings, found " + describe(item));
      }
      items.add(new Fields(source, where(field) + "[" + i + "]", item));
    }
    return items;
  }

  Optional<Fields> optionalObject(String field) {
    return has(field) ? Optional.of(object(field)) : Optional.empty();
  }

  String string(String field) {
    JsonNode child = required(field);
    if (!child.isTextual() || child.asText().isBlank()) {
      throw error(field, "expected a non-empty string, got " + describe(child));
    }
    return child.asText();
  }

  String string(String field, String fallback) {
    return has(field) ? string(field) : fallback;
  }

  double number(String field) {
    JsonNode child = required(field);
    if (!child.isNumber()) {
      throw error(field, "expected a number, got " + describe(child));
    }
    return child.asDouble();
  }

  double number(String field, double fallback) {
    return has(field) ? number(field) : fallback;
  }

  double positive(String field) {
    double value = number(field);
    if (!(value > 0)) {
      throw error(field, "expected a number > 0, got " + value);
    }
    return value;
  }

  double positive(String field, double fallback) {
    return has(field) ? positive(field) : fallback;
  }

  double nonNegative(String field) {
    double value = number(field);
    if (!(value >= 0)) {
      throw error(field, "expected a number >= 0, got " + value);
    }
    return value;
  }

  double nonNegative(String field, double fallback) {
    return has(field) ? nonNegative(field) : fallback;
  }

  int integer(String field, int min) {
    JsonNode child = required(field);
    if (!child.isIntegralNumber() || !child.canConvertToInt()) {
      throw error(field, "expected a whole number, got " + describe(child));
    }
    int value = child.asInt();
    if (value < min) {
      throw error(field, "expected a whole number >= " + min + ", got " + value);
    }
    return value;
  }

  int integer(String field, int min, int fallback) {
    return has(field) ? integer(field, min) : fallback;
  }

  long longValue(String field, long fallback) {
    if (!has(field)) {
      return fallback;
    }
    JsonNode child = node.get(field);
    if (!child.isIntegralNumber() || !child.canConvertToLong()) {
      throw error(field, "expected a whole number, got " + describe(child));
    }
    return child.asLong();
  }

  boolean bool(String field, boolean fallback) {
    if (!has(field)) {
      return fallback;
    }
    JsonNode child = node.get(field);
    if (!child.isBoolean()) {
      throw error(field, "expected true or false, got " + describe(child));
    }
    return child.asBoolean();
  }

  List<Double> numbers(String field) {
    JsonNode child = required(field);
    if (!child.isArray() || child.isEmpty()) {
      throw error(field, "expected a non-empty list of numbers, got " + describe(child));
    }
    List<Double> values = new ArrayList<>();
    for (JsonNode item : child) {
      if (!item.isNumber()) {
        throw error(field, "expected a list of numbers, found " + describe(item));
      }
      values.add(item.asDouble());
    }
    return values;
  }

  /** CPU as a Kubernetes quantity (e.g. 500m, 2) in millicores. */
  long cpuMillis(String field) {
    BigDecimal cores = quantity(field, "a CPU quantity such as 500m or 2");
    BigDecimal millis = cores.movePointRight(3);
    if (millis.stripTrailingZeros().scale() > 0) {
      throw error(field, "CPU below one millicore is not representable: " + string(field));
    }
    return millis.longValueExact();
  }

  long cpuMillis(String field, long fallback) {
    return has(field) ? cpuMillis(field) : fallback;
  }

  /** Memory as a Kubernetes quantity (e.g. 512Mi) or a plain number of bytes. */
  long bytes(String field) {
    JsonNode child = required(field);
    if (child.isIntegralNumber()) {
      if (child.asLong() < 0) {
        throw error(field, "expected a size >= 0, got " + child.asLong());
      }
      return child.asLong();
    }
    BigDecimal bytes = quantity(field, "a memory quantity such as 512Mi or 2Gi, or bytes");
    return bytes.setScale(0, java.math.RoundingMode.CEILING).longValueExact();
  }

  long bytes(String field, long fallback) {
    return has(field) ? bytes(field) : fallback;
  }

  private BigDecimal quantity(String field, String expected) {
    JsonNode child = required(field);
    String text = child.isNumber() ? child.asText() : child.isTextual() ? child.asText() : null;
    if (text == null || !QUANTITY.matcher(text).matches()) {
      throw error(field, "expected " + expected + ", got " + describe(child));
    }
    return Quantity.getAmountInBytes(new Quantity(text));
  }

  private JsonNode required(String field) {
    JsonNode child = node.get(field);
    if (child == null || child.isNull()) {
      throw error(field, "is required");
    }
    return child;
  }

  private static String describe(JsonNode value) {
    if (value.isTextual()) {
      return "'" + value.asText() + "'";
    }
    if (value.isObject()) {
      return "a mapping";
    }
    if (value.isArray()) {
      return "a list";
    }
    return value.toString();
  }
}
