package dev.headroom.actuation;

import dev.headroom.engine.ContainerResources;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Headroom's whole intent for one workload of a built-in kind (a Deployment, StatefulSet,
 * ReplicaSet or ReplicationController): the object it server-side applies. It holds only {@code
 * spec.replicas} and, per container, the resource values Headroom sets; so that is all the field
 * manager {@code headroom} ever owns.
 *
 * <p>An apply is the manager's complete intent: what Headroom owned and leaves out is removed (when
 * no other manager owns it; {@code spec.replicas} would fall back to 1). So a change starts from
 * {@link #current}, what Headroom owns now with its current values, and changes only what it means
 * to.
 *
 * @param replicas {@code spec.replicas}, or empty to not own it
 * @param containers per container name, the values to set; 0 means Headroom does not set that value
 */
public record HeadroomApply(
    Optional<Integer> replicas, Map<String, ContainerResources> containers) {

  public HeadroomApply {
    containers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(containers));
  }

  /** What Headroom owns on the Deployment now ({@code managedFields}), with the current values. */
  public static HeadroomApply current(Deployment deployment, String manager) {
    return current(
        deployment,
        TargetReading.replicas(deployment).spec(),
        TargetReading.templateResources(deployment),
        manager);
  }

  /**
   * What Headroom owns on a workload of any built-in kind now ({@code managedFields}), with the
   * current values.
   *
   * @param specReplicas its {@code spec.replicas}
   * @param now its pod template's containers' values, by name
   */
  public static HeadroomApply current(
      HasMetadata workload, int specReplicas, Map<String, ContainerResources> now, String manager) {
    HeadroomOwnership owned = HeadroomOwnership.of(workload, manager);
    Optional<Integer> replicas = owned.replicas() ? Optional.of(specReplicas) : Optional.empty();
    Map<String, ContainerResources> containers = new LinkedHashMap<>();
    owned
        .containers()
        .forEach(
            (name, fields) -> {
              ContainerResources values = now.get(name);
              if (values != null) {
                containers.put(
                    name,
                    new ContainerResources(
                        fields.contains(ResourceField.REQUESTS_CPU) ? values.cpuRequestMillis() : 0,
                        fields.contains(ResourceField.LIMITS_CPU) ? values.cpuLimitMillis() : 0,
                        fields.contains(ResourceField.REQUESTS_MEMORY)
                            ? values.memoryRequestBytes()
                            : 0,
                        fields.contains(ResourceField.LIMITS_MEMORY)
                            ? values.memoryLimitBytes()
                            : 0));
              }
            });
    return new HeadroomApply(replicas, containers);
  }

  public HeadroomApply withReplicas(int replicas) {
    if (replicas < 0) {
      throw new IllegalArgumentException("replicas must not be negative: " + replicas);
    }
    return new HeadroomApply(Optional.of(replicas), containers);
  }

  /**
   * These containers' values replace what Headroom set for them before; other containers keep
   * theirs.
   */
  public HeadroomApply withResources(Map<String, ContainerResources> changes) {
    Map<String, ContainerResources> next = new LinkedHashMap<>(containers);
    next.putAll(changes);
    return new HeadroomApply(replicas, next);
  }

  /**
   * The apply configuration: apiVersion, kind, name, namespace, and only the fields above. The
   * containers list is a map keyed by {@code name} for server-side apply, so naming a container
   * here touches only that container, and only the values given.
   */
  public Map<String, Object> toApplyObject(String namespace, String name) {
    return toApplyObject(ScalableResource.DEPLOYMENT, namespace, name);
  }

  /** The apply configuration for a workload of this built-in kind. */
  public Map<String, Object> toApplyObject(
      ScalableResource resource, String namespace, String name) {
    Map<String, Object> spec = new LinkedHashMap<>();
    replicas.ifPresent(r -> spec.put("replicas", r));
    List<Map<String, Object>> list = new ArrayList<>();
    containers.forEach(
        (container, values) -> {
          Map<String, Object> resources = new LinkedHashMap<>();
          ResourceField.putInto(resources, values);
          if (!resources.isEmpty()) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("name", container);
            c.put("resources", resources);
            list.add(c);
          }
        });
    if (!list.isEmpty()) {
      spec.put("template", Map.of("spec", Map.of("containers", list)));
    }
    Map<String, Object> object = new LinkedHashMap<>();
    object.put("apiVersion", resource.apiVersion());
    object.put("kind", resource.kind());
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("name", name);
    metadata.put("namespace", namespace);
    object.put("metadata", metadata);
    if (!spec.isEmpty()) {
      object.put("spec", spec);
    }
    return object;
  }
}
