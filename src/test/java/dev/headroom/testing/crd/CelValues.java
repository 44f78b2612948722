package dev.headroom.testing.crd;

import com.google.protobuf.NullValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a decoded value into what a rule sees as {@code self}, following the schema like the
 * apiserver's {@code UnstructuredToVal}: {@code number} is always a double (a YAML {@code 1} in a
 * number field is {@code 1.0}), {@code integer} an int64, property names are CEL-escaped and
 * undeclared fields are dropped.
 */
final class CelValues {

  private CelValues() {}

  static Object toCel(Object value, Schema schema, boolean withObjectMeta) {
    if (value == null) {
      return NullValue.NULL_VALUE;
    }
    if (schema == null || schema.intOrString) {
      return generic(value);
    }
    return switch (schema.type) {
      case "object" ->
          value instanceof Map<?, ?> map
              ? object(map, schema, withObjectMeta || schema.embeddedResource)
              : generic(value);
      case "array" -> value instanceof List<?> list ? array(list, schema.items) : generic(value);
      case "integer" ->
          value instanceof Double d && JsonValues.isIntegral(d) ? (Object) d.longValue() : value;
      case "number" -> value instanceof Long l ? (Object) l.doubleValue() : value;
      default -> generic(value);
    };
  }

  private static Map<String, Object> object(Map<?, ?> map, Schema schema, boolean withObjectMeta) {
    Map<String, Object> out = new LinkedHashMap<>();
    if (schema.additionalProperties != null) {
      map.forEach((k, v) -> out.put(k.toString(), toCel(v, schema.additionalProperties, false)));
      return out;
    }
    if (withObjectMeta) {
      copyIfPresent(map, "apiVersion", out);
      copyIfPresent(map, "kind", out);
      if (map.get("metadata") instanceof Map<?, ?> metadata) {
        Map<String, Object> meta = new LinkedHashMap<>();
        copyIfPresent(metadata, "name", meta);
        copyIfPresent(metadata, "generateName", meta);
        out.put("metadata", meta);
      }
    }
    schema.properties.forEach(
        (name, property) -> {
          Optional<String> escaped = CelNames.escape(name);
          if (map.containsKey(name) && escaped.isPresent() && !out.containsKey(escaped.get())) {
            out.put(escaped.get(), toCel(map.get(name), property, false));
          }
        });
    return out;
  }

  private static List<Object> array(List<?> list, Schema items) {
    List<Object> out = new ArrayList<>(list.size());
    list.forEach(item -> out.add(toCel(item, items, false)));
    return out;
  }

  private static void copyIfPresent(Map<?, ?> from, String key, Map<String, Object> to) {
    if (from.get(key) instanceof String s) {
      to.put(key, s);
    }
  }

  private static Object generic(Object value) {
    if (value == null) {
      return NullValue.NULL_VALUE;
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      map.forEach((k, v) -> out.put(k.toString(), generic(v)));
      return out;
    }
    if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>(list.size());
      list.forEach(v -> out.add(generic(v)));
      return out;
    }
    return value;
  }
}
