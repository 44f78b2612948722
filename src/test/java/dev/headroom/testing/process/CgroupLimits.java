package dev.headroom.testing.process;

/**
 * What a kubelet writes into a container's cgroup, from its resources.
 *
 * @param cpuQuotaMicros CFS quota per period (the CPU limit); 0 for none
 * @param cpuPeriodMicros the CFS period, 100 ms as the kubelet sets it
 * @param cpuShares v1 {@code cpu.shares} from the CPU request (1024 per core, at least 2)
 * @param memoryLimitBytes the memory limit; 0 for none
 */
public record CgroupLimits(
    long cpuQuotaMicros, long cpuPeriodMicros, long cpuShares, long memoryLimitBytes) {
  public static final long CFS_PERIOD_MICROS = 100_000;
  private static final long MIN_SHARES = 2;

  public CgroupLimits {
    if (cpuQuotaMicros < 0
        || cpuPeriodMicros <= 0
        || cpuShares < MIN_SHARES
        || memoryLimitBytes < 0) {
      throw new IllegalArgumentException(
          "bad cgroup limits: quota "
              + cpuQuotaMicros
              + " µs per "
              + cpuPeriodMicros
              + " µs, shares "
              + cpuShares
              + ", memory "
              + memoryLimitBytes);
    }
  }

  /**
   * The kubelet's mapping: quota = limit × period (at least 1 ms), shares = request × 1024 / 1000
   * (at least 2), memory limit as given.
   */
  public static CgroupLimits of(long cpuRequestMillis, long cpuLimitMillis, long memoryLimitBytes) {
    long quota =
        cpuLimitMillis <= 0 ? 0 : Math.max(1_000, cpuLimitMillis * CFS_PERIOD_MICROS / 1000);
    long shares = Math.max(MIN_SHARES, cpuRequestMillis * 1024 / 1000);
    return new CgroupLimits(quota, CFS_PERIOD_MICROS, shares, memoryLimitBytes);
  }

  /** v2's {@code cpu.weight} for these shares, as the kubelet (runc) converts them. */
  long cpuWeight() {
    return 1 + ((cpuShares - 2) * 9999) / 262142;
  }
}
