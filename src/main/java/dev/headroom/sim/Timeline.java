package dev.headroom.sim;

import java.util.Map;

/**
 * What happened in one controller's run, second by second (index = second since the start). The
 * budget values are the model's true values, not what Prometheus showed; they are what scores are
 * computed from.
 *
 * @param loadRps offered load
 * @param specReplicas the workload's spec.replicas
 * @param readyReplicas pods Ready
 * @param pods pods that exist (starting, ready or restarting): what is paid for
 * @param cpuRequestCores the sum of CPU requests over existing pods
 * @param memoryRequestGiB the sum of memory requests over existing pods, in GiB
 * @param budgetValues true value of each budget (by {@link BudgetInfo#name()}), in its unit; NaN
 *     where undefined
 */
public record Timeline(
    double[] loadRps,
    int[] specReplicas,
    int[] readyReplicas,
    int[] pods,
    double[] cpuRequestCores,
    double[] memoryRequestGiB,
    Map<String, double[]> budgetValues) {

  public int seconds() {
    return loadRps.length;
  }
}
