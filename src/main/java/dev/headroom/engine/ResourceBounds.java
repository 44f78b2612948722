package dev.headroom.engine;

/**
 * Bounds for one container; 0 means unbounded on that side.
 *
 * @param minCpuMillis requests never below
 * @param maxCpuMillis requests and limits never above
 * @param minMemoryBytes requests never below
 * @param maxMemoryBytes requests and limits never above
 */
public record ResourceBounds(
    long minCpuMillis, long maxCpuMillis, long minMemoryBytes, long maxMemoryBytes) {
  public static final ResourceBounds NONE = new ResourceBounds(0, 0, 0, 0);

  long clampCpu(long millis) {
    return clamp(millis, minCpuMillis, maxCpuMillis);
  }

  long clampMemory(long bytes) {
    return clamp(bytes, minMemoryBytes, maxMemoryBytes);
  }

  long capCpu(long millis) {
    return maxCpuMillis > 0 ? Math.min(millis, maxCpuMillis) : millis;
  }

  long capMemory(long bytes) {
    return maxMemoryBytes > 0 ? Math.min(bytes, maxMemoryBytes) : bytes;
  }

  private static long clamp(long value, long min, long max) {
    long atLeast = Math.max(value, min);
    return max > 0 ? Math.min(atLeast, max) : atLeast;
  }
}
