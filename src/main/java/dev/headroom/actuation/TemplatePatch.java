package dev.headroom.actuation;

import dev.headroom.engine.ContainerResources;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A JSON patch (RFC 6902) that sets containers' resources in a custom resource's pod template
 * ({@link TemplateAccess#JSON_PATCH}). It first tests the object's resourceVersion and each
 * container's name at its index, so a template that changed since it was read is refused (409 or
 * 422), never patched at the wrong container. Each container's {@code resources} is replaced whole
 * by what it had with Headroom's values over it: a value Headroom does not set (0) keeps what the
 * manifest says. Pure.
 */
public final class TemplatePatch {
  static final String CONTAINERS = "/spec/template/spec/containers/";

  private TemplatePatch() {}

  /**
   * @param resourceVersion the object's resourceVersion when {@code containers} were read
   * @param containers the template's containers, in order
   * @param changes per container name, the values to set (0: leave as it is)
   * @throws ActuationException when a named container is not in the template
   */
  public static List<Map<String, Object>> of(
      String resourceVersion,
      List<Container> containers,
      Map<String, ContainerResources> changes,
      String describe) {
    List<Map<String, Object>> ops = new ArrayList<>();
    ops.add(op("test", "/metadata/resourceVersion", resourceVersion));
    List<String> missing = new ArrayList<>();
    changes.forEach(
        (name, values) -> {
          int index = indexOf(containers, name);
          if (index < 0) {
            missing.add(name);
            return;
          }
          String path = CONTAINERS + index;
          ops.add(op("test", path + "/name", name));
          ops.add(op("add", path + "/resources", merged(containers.get(index), values)));
        });
    if (!missing.isEmpty()) {
      throw new ActuationException(
          describe + " has no container " + String.join(", ", missing.stream().sorted().toList()));
    }
    return ops;
  }

  private static int indexOf(List<Container> containers, String name) {
    for (int i = 0; i < containers.size(); i++) {
      if (name.equals(containers.get(i).getName())) {
        return i;
      }
    }
    return -1;
  }

  /** The container's resources as the manifest has them, with Headroom's non-zero values set. */
  private static Map<String, Object> merged(Container container, ContainerResources values) {
    Map<String, Object> resources = new LinkedHashMap<>();
    var current = container.getResources();
    if (current != null) {
      section(resources, "requests", current.getRequests());
      section(resources, "limits", current.getLimits());
      current.getAdditionalProperties().forEach(resources::putIfAbsent);
      if (current.getClaims() != null && !current.getClaims().isEmpty()) {
        resources.put("claims", current.getClaims());
      }
    }
    ResourceField.putInto(resources, values);
    return resources;
  }

  private static void section(Map<String, Object> out, String name, Map<String, Quantity> values) {
    if (values != null && !values.isEmpty()) {
      Map<String, Object> copy = new LinkedHashMap<>();
      values.forEach(
          (k, q) -> copy.put(k, q.getAmount() + (q.getFormat() == null ? "" : q.getFormat())));
      out.put(name, copy);
    }
  }

  private static Map<String, Object> op(String op, String path, Object value) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("op", op);
    m.put("path", path);
    m.put("value", value);
    return m;
  }
}
