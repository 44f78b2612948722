package dev.headroom.testing.crd;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code x-kubernetes-list-type} invariants: no repeated item in a {@code set}, no repeated key
 * in a {@code map}. Like the apiserver, only the second occurrence of each repeat is reported.
 */
final class ListTypeValidator {

  private ListTypeValidator() {}

  static List<Violation> validate(Map<String, Object> object, Schema root) {
    List<Violation> out = new ArrayList<>();
    object(FieldPath.ROOT, root, object, out);
    return out;
  }

  private static void value(FieldPath path, Schema schema, Object value, List<Violation> out) {
    if (value instanceof List<?> list) {
      array(path, schema, list, out);
    } else if (value instanceof Map<?, ?> map) {
      object(path, schema, map, out);
    }
  }

  private static void object(FieldPath path, Schema schema, Map<?, ?> map, List<Violation> out) {
    if (schema.additionalProperties != null) {
      map.forEach((k, v) -> value(path.key(k.toString()), schema.additionalProperties, v, out));
    }
    schema.properties.forEach(
        (name, property) -> {
          if (map.containsKey(name)) {
            value(path.child(name), property, map.get(name), out);
          }
        });
  }

  private static void array(FieldPath path, Schema schema, List<?> list, List<Violation> out) {
    if (schema.listType.equals("set")) {
      for (int i : repeats(list.stream().map(GoFormat::json).toList())) {
        out.add(Violation.duplicate(path.index(i), list.get(i)));
      }
    } else if (schema.listType.equals("map")) {
      listMap(path, schema, list, out);
    }
    if (schema.items != null) {
      for (int i = 0; i < list.size(); i++) {
        value(path.index(i), schema.items, list.get(i), out);
      }
    }
  }

  private static void listMap(FieldPath path, Schema schema, List<?> list, List<Violation> out) {
    for (int i = 0; i < list.size(); i++) {
      Object item = list.get(i);
      if (item != null && !(item instanceof Map)) {
        out.add(
            Violation.invalid(
                path.index(i), item, "must be an object for an array of list-type map"));
        return;
      }
    }
    List<Map<String, Object>> keys = new ArrayList<>();
    for (Object item : list) {
      keys.add(keyOf(schema, (Map<?, ?>) item));
    }
    for (int i : repeats(keys.stream().map(GoFormat::json).toList())) {
      out.add(Violation.duplicate(path.index(i), keys.get(i)));
    }
  }

  /** The key fields of one item; a missing key takes the key field's default, else {@code {}}. */
  private static Map<String, Object> keyOf(Schema schema, Map<?, ?> item) {
    Map<String, Object> key = new LinkedHashMap<>();
    for (String name : schema.listMapKeys) {
      Schema field = schema.items == null ? null : schema.items.properties.get(name);
      if (item != null && item.containsKey(name)) {
        key.put(name, item.get(name));
      } else if (field != null && field.hasDefault) {
        key.put(name, field.defaultValue);
      } else {
        key.put(name, Map.of());
      }
    }
    return key;
  }

  /** Indexes where a value appears for the second time. */
  private static List<Integer> repeats(List<String> canonical) {
    Map<String, Integer> seen = new HashMap<>();
    List<Integer> second = new ArrayList<>();
    for (int i = 0; i < canonical.size(); i++) {
      if (seen.merge(canonical.get(i), 1, Integer::sum) == 2) {
        second.add(i);
      }
    }
    return second;
  }
}
