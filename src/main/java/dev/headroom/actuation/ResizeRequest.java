package dev.headroom.actuation;

import dev.headroom.engine.ContainerResources;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One pod's resize: a strategic merge patch of {@code spec.containers[].resources} sent to {@code
 * /api/v1/namespaces/<ns>/pods/<name>/resize}, as {@code kubectl patch --subresource resize} does.
 * Pure, built from the pod as read.
 *
 * @param namespace the pod's namespace
 * @param pod the pod's name
 * @param patch the JSON-ready patch body
 */
public record ResizeRequest(String namespace, String pod, Map<String, Object> patch) {
  public static final String SUBRESOURCE = "resize";

  /** The path of the request, relative to the apiserver. */
  public String path() {
    return "/api/v1/namespaces/" + namespace + "/pods/" + pod + "/" + SUBRESOURCE;
  }

  /**
   * The resize that gives the pod's containers these values, or empty when they have them already.
   * Only containers of the pod, and only values above 0, are included; a value the pod has already
   * is left out.
   */
  public static Optional<ResizeRequest> of(Pod pod, Map<String, ContainerResources> wanted) {
    Map<String, ContainerResources> now = TargetReading.podResources(pod);
    List<Map<String, Object>> containers = new ArrayList<>();
    wanted.forEach(
        (name, values) -> {
          ContainerResources current = now.get(name);
          if (current == null) {
            return;
          }
          Map<String, Object> resources = new LinkedHashMap<>();
          for (ResourceField f : ResourceField.values()) {
            long v = f.of(values);
            if (v > 0 && v != f.of(current)) {
              @SuppressWarnings("unchecked")
              Map<String, Object> section =
                  (Map<String, Object>)
                      resources.computeIfAbsent(f.section(), s -> new LinkedHashMap<>());
              section.put(f.resource(), f.format(v));
            }
          }
          if (!resources.isEmpty()) {
            Map<String, Object> container = new LinkedHashMap<>();
            container.put("name", name);
            container.put("resources", resources);
            containers.add(container);
          }
        });
    if (containers.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new ResizeRequest(
            pod.getMetadata().getNamespace(),
            pod.getMetadata().getName(),
            Map.of("spec", Map.of("containers", containers))));
  }
}
