package dev.headroom.actuation;

import dev.headroom.engine.ContainerResources;

/** The four container resource values Headroom may set, as they appear under {@code resources}. */
public enum ResourceField {
  REQUESTS_CPU("requests", "cpu"),
  LIMITS_CPU("limits", "cpu"),
  REQUESTS_MEMORY("requests", "memory"),
  LIMITS_MEMORY("limits", "memory");

  private final String section;
  private final String resource;

  ResourceField(String section, String resource) {
    this.section = section;
    this.resource = resource;
  }

  /** {@code requests} or {@code limits}. */
  public String section() {
    return section;
  }

  /** {@code cpu} or {@code memory}. */
  public String resource() {
    return resource;
  }

  /** The value in explicit units (millicores, bytes); 0 when not set. */
  public long of(ContainerResources r) {
    return switch (this) {
      case REQUESTS_CPU -> r.cpuRequestMillis();
      case LIMITS_CPU -> r.cpuLimitMillis();
      case REQUESTS_MEMORY -> r.memoryRequestBytes();
      case LIMITS_MEMORY -> r.memoryLimitBytes();
    };
  }

  /** The canonical quantity string of a positive value. */
  public String format(long value) {
    return "cpu".equals(resource) ? CanonicalQuantity.cpu(value) : CanonicalQuantity.memory(value);
  }

  /**
   * Puts each value Headroom sets (non-zero) into a container's {@code resources} map, as {@code
   * requests}/{@code limits} sections of canonical quantities, over what the map holds.
   */
  public static void putInto(java.util.Map<String, Object> resources, ContainerResources values) {
    for (ResourceField f : values()) {
      long v = f.of(values);
      if (v > 0) {
        @SuppressWarnings("unchecked")
        java.util.Map<String, Object> section =
            (java.util.Map<String, Object>)
                resources.computeIfAbsent(f.section(), s -> new java.util.LinkedHashMap<>());
        section.put(f.resource(), f.format(v));
      }
    }
  }

  /** The field for {@code section} and {@code resource}, if it is one of the four. */
  public static java.util.Optional<ResourceField> of(String section, String resource) {
    for (ResourceField f : values()) {
      if (f.section.equals(section) && f.resource.equals(resource)) {
        return java.util.Optional.of(f);
      }
    }
    return java.util.Optional.empty();
  }
}
