package dev.headroom.actuation;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which of the fields Headroom manages it owns on a workload now, read from the {@code
 * managedFields} entry of field manager {@code headroom}, operation {@code Apply}.
 *
 * <p>Server-side apply treats each apply as the manager's whole intent: a field the manager owned
 * and leaves out of its next apply is removed when no other manager owns it. Replicas and resources
 * are applied by the same manager, so each apply must repeat what the other set; this is how the
 * actuator knows what that is.
 *
 * @param replicas Headroom owns {@code spec.replicas}
 * @param containers per container of the pod template, the resource values Headroom owns
 */
public record HeadroomOwnership(boolean replicas, Map<String, Set<ResourceField>> containers) {
  private static final Pattern NAME_KEY = Pattern.compile("^k:\\{\"name\":\"([^\"]+)\"}$");

  public HeadroomOwnership {
    Map<String, Set<ResourceField>> copy = new LinkedHashMap<>();
    containers.forEach((name, fields) -> copy.put(name, Set.copyOf(fields)));
    containers = java.util.Collections.unmodifiableMap(copy);
  }

  public static HeadroomOwnership none() {
    return new HeadroomOwnership(false, Map.of());
  }

  /** What {@code manager}'s apply entry in the workload's managed fields covers. */
  public static HeadroomOwnership of(HasMetadata workload, String manager) {
    List<ManagedFieldsEntry> entries = workload.getMetadata().getManagedFields();
    if (entries == null) {
      return none();
    }
    boolean replicas = false;
    Map<String, Set<ResourceField>> containers = new LinkedHashMap<>();
    for (ManagedFieldsEntry entry : entries) {
      if (!manager.equals(entry.getManager())
          || !"Apply".equals(entry.getOperation())
          || (entry.getSubresource() != null && !entry.getSubresource().isEmpty())
          || entry.getFieldsV1() == null) {
        continue;
      }
      Map<String, Object> fields = entry.getFieldsV1().getAdditionalProperties();
      Map<String, Object> spec = child(fields, "f:spec");
      replicas |= spec.containsKey("f:replicas");
      Map<String, Object> list = child(child(child(spec, "f:template"), "f:spec"), "f:containers");
      for (Map.Entry<String, Object> item : list.entrySet()) {
        Matcher key = NAME_KEY.matcher(item.getKey());
        if (!key.matches()) {
          continue;
        }
        Map<String, Object> resources = child(asMap(item.getValue()), "f:resources");
        Set<ResourceField> owned = EnumSet.noneOf(ResourceField.class);
        for (ResourceField f : ResourceField.values()) {
          if (child(resources, "f:" + f.section()).containsKey("f:" + f.resource())) {
            owned.add(f);
          }
        }
        if (!owned.isEmpty()) {
          containers
              .computeIfAbsent(key.group(1), n -> EnumSet.noneOf(ResourceField.class))
              .addAll(owned);
        }
      }
    }
    return new HeadroomOwnership(replicas, containers);
  }

  private static Map<String, Object> child(Map<String, Object> map, String key) {
    return asMap(map.get(key));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> asMap(Object value) {
    return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }
}
