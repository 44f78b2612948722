package dev.headroom.sim;

import java.time.Instant;

/**
 * One pod of the target as the Kubernetes API and metrics-server show it.
 *
 * @param name unique among the pods that exist at once (a Deployment's pods never share one; a
 *     StatefulSet's pod keeps its name, {@code pod-<ordinal>}, when it is recreated)
 * @param createdAt when the pod was created
 * @param ready whether the pod is Ready now
 * @param readySince when it last became Ready; null if never. For a pod not Ready now (an
 *     OOM-killed container restarting) it is the start of its last Ready spell, so a reader can
 *     tell a pod that has been Ready from one that never was, as the HPA does from the Ready
 *     condition
 * @param cpuCores its CPU usage as metrics-server reports it (a rate over the last resolution
 *     window); NaN when metrics-server has no sample for it yet
 * @param cpuSampleAt the end of the window the CPU sample covers; null with no sample
 * @param memoryWorkingSetBytes its working set now
 * @param restarts container restarts so far (OOM kills among them)
 */
public record PodView(
    String name,
    Instant createdAt,
    boolean ready,
    Instant readySince,
    double cpuCores,
    Instant cpuSampleAt,
    long memoryWorkingSetBytes,
    int restarts) {

  public boolean hasCpuSample() {
    return !Double.isNaN(cpuCores);
  }
}
