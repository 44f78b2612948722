package dev.headroom.sim.run;

import dev.headroom.sim.model.LatencyMixture;

/** The true values of one simulated second, gathered over the pods while they are stepped. */
final class TrueSecond {
  final LatencyMixture latency = new LatencyMixture();
  double arrivals;
  double succeeded;
  double failed;
  int readyPods;

  /**
   * What the Ready pods could serve within the budgets (NaN unless a throughput floor needs it).
   */
  double capacityRps = Double.NaN;

  double cpuUtilizationSum;
  double cpuCoresMax = Double.NaN;
  double memoryUtilizationSum;
  double memoryPeakBytes = Double.NaN;

  void addReadyPod(double cpuCores, double cpuRequestCores, long workingSet, long memoryRequest) {
    readyPods++;
    cpuUtilizationSum += cpuRequestCores > 0 ? cpuCores / cpuRequestCores : 0;
    cpuCoresMax = Double.isNaN(cpuCoresMax) ? cpuCores : Math.max(cpuCoresMax, cpuCores);
    memoryUtilizationSum += memoryRequest > 0 ? (double) workingSet / memoryRequest : 0;
    seeMemory(workingSet);
  }

  void seeMemory(long workingSet) {
    memoryPeakBytes =
        Double.isNaN(memoryPeakBytes) ? workingSet : Math.max(memoryPeakBytes, workingSet);
  }

  double errorRatio() {
    double done = succeeded + failed;
    return done > 0 ? failed / done : Double.NaN;
  }

  double cpuUtilization() {
    return readyPods > 0 ? cpuUtilizationSum / readyPods : Double.NaN;
  }

  double memoryUtilization() {
    return readyPods > 0 ? memoryUtilizationSum / readyPods : Double.NaN;
  }

  /** Arrivals less those that failed: what the service served of what it was offered. */
  double servedRps() {
    double ratio = errorRatio();
    return arrivals * (1 - (Double.isNaN(ratio) ? 0 : ratio));
  }

  /** Load per Ready replica; with none Ready, the whole load (as if one replica had to take it). */
  double rpsPerReadyReplica() {
    return arrivals / Math.max(readyPods, 1);
  }
}
