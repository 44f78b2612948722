package dev.headroom.sim.scenario;

/**
 * Knobs for the HorizontalPodAutoscaler run on a scenario.
 *
 * @param targetCpuUtilizationPercent the HPA's averageUtilization target for CPU
 */
public record HpaSettings(int targetCpuUtilizationPercent) {
  /** Used when the policy has no CPU utilisation budget to take the target from. */
  public static final int DEFAULT_TARGET_CPU_UTILIZATION_PERCENT = 70;
}
