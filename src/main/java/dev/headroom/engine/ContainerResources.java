package dev.headroom.engine;

/**
 * A container's requests and limits in explicit units; 0 means "not set".
 *
 * @param cpuRequestMillis millicores
 * @param cpuLimitMillis millicores, 0 for no limit
 * @param memoryRequestBytes bytes
 * @param memoryLimitBytes bytes, 0 for no limit
 */
public record ContainerResources(
    long cpuRequestMillis, long cpuLimitMillis, long memoryRequestBytes, long memoryLimitBytes) {

  /** The cores the container can use: its limit, or its request without one. */
  public double usableCores() {
    return (cpuLimitMillis > 0 ? cpuLimitMillis : cpuRequestMillis) / 1000.0;
  }
}
