package dev.headroom.testing.crd;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The apiserver's decode-time defaulting: non-nullable nulls without a default are dropped, then
 * every absent (or non-nullable null) property with a {@code default} gets a copy of it, and the
 * walk continues into the result so nested defaults of a defaulted object apply too. A property
 * whose parent object is absent is left alone.
 */
final class Defaulting {

  private Defaulting() {}

  static void apply(Object value, Schema schema) {
    pruneNonNullableNullsWithoutDefaults(value, schema);
    applyDefaults(value, schema);
  }

  @SuppressWarnings("unchecked")
  private static void pruneNonNullableNullsWithoutDefaults(Object value, Schema schema) {
    if (value instanceof Map<?, ?> raw) {
      Map<String, Object> map = (Map<String, Object>) raw;
      for (String key : new ArrayList<>(map.keySet())) {
        Schema field = fieldSchema(schema, key);
        Object v = map.get(key);
        if (v == null && field != null && !field.nullable && !field.hasDefault) {
          map.remove(key);
        } else {
          pruneNonNullableNullsWithoutDefaults(v, field);
        }
      }
    } else if (value instanceof List<?> list) {
      Schema items = schema == null ? null : schema.items;
      list.forEach(item -> pruneNonNullableNullsWithoutDefaults(item, items));
    }
  }

  @SuppressWarnings("unchecked")
  private static void applyDefaults(Object value, Schema schema) {
    if (schema == null) {
      return;
    }
    if (value instanceof Map<?, ?> raw) {
      Map<String, Object> map = (Map<String, Object>) raw;
      schema.properties.forEach(
          (name, property) -> {
            if (property.hasDefault
                && (!map.containsKey(name) || property.isNonNullableNull(map.get(name)))) {
              map.put(name, JsonValues.normalize(property.defaultValue));
            }
          });
      for (String key : new ArrayList<>(map.keySet())) {
        Schema property = schema.properties.get(key);
        if (property != null) {
          applyDefaults(map.get(key), property);
        } else if (schema.additionalProperties != null) {
          Schema values = schema.additionalProperties;
          if (values.isNonNullableNull(map.get(key))) {
            map.put(key, JsonValues.normalize(values.defaultValue));
          }
          applyDefaults(map.get(key), values);
        }
      }
    } else if (value instanceof List<?> raw && schema.items != null) {
      List<Object> list = (List<Object>) raw;
      for (int i = 0; i < list.size(); i++) {
        if (schema.items.isNonNullableNull(list.get(i))) {
          list.set(i, JsonValues.normalize(schema.items.defaultValue));
        }
        applyDefaults(list.get(i), schema.items);
      }
    }
  }

  private static Schema fieldSchema(Schema schema, String key) {
    if (schema == null) {
      return null;
    }
    Schema property = schema.properties.get(key);
    return property != null ? property : schema.additionalProperties;
  }
}
