package dev.headroom.testing.crd;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds the fields the apiserver would prune. With {@code kubectl --validate=strict} (the default)
 * each one fails the request as {@code strict decoding error: unknown field "<path>"} before any
 * validation runs.
 */
final class UnknownFields {

  /** {@code ObjectMeta}'s JSON fields; metadata is checked against these, not the CRD schema. */
  private static final Set<String> OBJECT_META_FIELDS =
      Set.of(
          "name",
          "generateName",
          "namespace",
          "selfLink",
          "uid",
          "resourceVersion",
          "generation",
          "creationTimestamp",
          "deletionTimestamp",
          "deletionGracePeriodSeconds",
          "labels",
          "annotations",
          "ownerReferences",
          "finalizers",
          "managedFields");

  private UnknownFields() {}

  /** Sorted paths such as {@code spec.items[0].foo}, as the apiserver lists them. */
  static List<String> find(Map<String, Object> object, Schema root) {
    List<String> found = new ArrayList<>();
    object.forEach(
        (key, value) -> {
          switch (key) {
            case "apiVersion", "kind" -> {}
            case "metadata" -> metadata(value, found);
            default -> field(root, key, value, key, found);
          }
        });
    found.sort(null);
    return found;
  }

  private static void metadata(Object value, List<String> found) {
    if (value instanceof Map<?, ?> map) {
      map.keySet().stream()
          .map(Object::toString)
          .filter(k -> !OBJECT_META_FIELDS.contains(k))
          .forEach(k -> found.add("metadata." + k));
    }
  }

  private static void walk(Object value, Schema schema, String path, List<String> found) {
    if (schema.embeddedResource) {
      return;
    }
    if (value instanceof Map<?, ?> map) {
      map.forEach((k, v) -> field(schema, k.toString(), v, path + "." + k, found));
    } else if (value instanceof List<?> list && schema.items != null) {
      for (int i = 0; i < list.size(); i++) {
        walk(list.get(i), schema.items, path + "[" + i + "]", found);
      }
    }
  }

  private static void field(
      Schema parent, String key, Object value, String path, List<String> found) {
    Schema property = parent.properties.get(key);
    if (property == null) {
      property = parent.additionalProperties;
    }
    if (property != null) {
      walk(value, property, path, found);
    } else if (!parent.preserveUnknownFields
        && !Boolean.TRUE.equals(parent.additionalPropertiesAllowed)) {
      found.add(path);
    }
  }
}
