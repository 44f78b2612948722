package dev.headroom.testing.process;

/**
 * A container's counters as its cgroup keeps them: what cAdvisor turns into {@code
 * container_cpu_usage_seconds_total}, {@code container_cpu_cfs_periods_total}, {@code
 * container_cpu_cfs_throttled_periods_total} and {@code container_memory_working_set_bytes}.
 *
 * @param cpuSeconds CPU time used by every process in it
 * @param cfsPeriods CFS periods in which it could run
 * @param cfsThrottledPeriods of those, the periods in which it hit its quota
 * @param memoryUsageBytes memory charged to it, page cache included
 * @param inactiveFileBytes page cache the kernel can drop first
 * @param oomKills processes the kernel killed for going over the memory limit
 */
public record CgroupUsage(
    double cpuSeconds,
    long cfsPeriods,
    long cfsThrottledPeriods,
    long memoryUsageBytes,
    long inactiveFileBytes,
    long oomKills) {
  /** cAdvisor's working set: usage less inactive file pages, never below 0. */
  public long workingSetBytes() {
    return Math.max(0, memoryUsageBytes - inactiveFileBytes);
  }
}
