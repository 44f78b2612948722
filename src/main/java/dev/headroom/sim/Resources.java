package dev.headroom.sim;

/**
 * The resources of the workload's one container, in explicit units; 0 means "not set".
 *
 * @param cpuRequestMillis CPU request in millicores
 * @param cpuLimitMillis CPU limit in millicores, 0 for none
 * @param memoryRequestBytes memory request in bytes
 * @param memoryLimitBytes memory limit in bytes, 0 for none
 */
public record Resources(
    long cpuRequestMillis, long cpuLimitMillis, long memoryRequestBytes, long memoryLimitBytes) {
  public Resources {
    if (cpuRequestMillis < 0
        || cpuLimitMillis < 0
        || memoryRequestBytes < 0
        || memoryLimitBytes < 0) {
      throw new IllegalArgumentException("negative resources: " + this);
    }
  }

  /** The cores one replica can use: the limit, or the request when there is no limit. */
  public double usableCores() {
    return (cpuLimitMillis > 0 ? cpuLimitMillis : cpuRequestMillis) / 1000.0;
  }
}
