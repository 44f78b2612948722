package dev.headroom.sim.controllers;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The HPA's groupPods for a CPU metric: which pods' samples count, which are set aside as not yet
 * ready, which have no sample, and which are ignored altogether.
 *
 * @param readyCount pods whose samples count
 * @param unready Pending pods, and pods whose CPU sample may still show their start-up
 * @param missing running pods without a sample
 * @param ignored pods being deleted and Failed pods
 */
public record PodGroups(
    int readyCount, Set<String> unready, Set<String> missing, Set<String> ignored) {
  public PodGroups {
    unready = Set.copyOf(unready);
    missing = Set.copyOf(missing);
    ignored = Set.copyOf(ignored);
  }

  /**
   * @param cpuInitializationPeriod while a pod is younger than this, its sample counts only if it
   *     is Ready and the sample's whole window lies after it became Ready
   * @param initialReadinessDelay after the initialization period, an unready pod's sample is set
   *     aside only if it went unready within this long of starting, i.e. it has never been Ready
   */
  public static PodGroups ofCpu(
      List<PodStatus> pods,
      Map<String, PodMetric> metrics,
      Duration cpuInitializationPeriod,
      Duration initialReadinessDelay,
      Instant now) {
    int readyCount = 0;
    Set<String> unready = new TreeSet<>();
    Set<String> missing = new TreeSet<>();
    Set<String> ignored = new TreeSet<>();
    for (PodStatus pod : pods) {
      if (pod.deleting() || pod.phase() == PodPhase.FAILED) {
        ignored.add(pod.name());
        continue;
      }
      if (pod.phase() == PodPhase.PENDING) {
        unready.add(pod.name());
        continue;
      }
      PodMetric metric = metrics.get(pod.name());
      if (metric == null) {
        missing.add(pod.name());
        continue;
      }
      if (cpuSampleSetAside(pod, metric, cpuInitializationPeriod, initialReadinessDelay, now)) {
        unready.add(pod.name());
        continue;
      }
      readyCount++;
    }
    return new PodGroups(readyCount, unready, missing, ignored);
  }

  private static boolean cpuSampleSetAside(
      PodStatus pod,
      PodMetric metric,
      Duration cpuInitializationPeriod,
      Duration initialReadinessDelay,
      Instant now) {
    if (pod.readyCondition().isEmpty() || pod.startTime() == null) {
      return true;
    }
    ReadyCondition condition = pod.readyCondition().get();
    if (pod.startTime().plus(cpuInitializationPeriod).isAfter(now)) {
      // A start-up CPU burst would otherwise read as load.
      return !condition.ready()
          || metric.timestamp().isBefore(condition.lastTransition().plus(metric.window()));
    }
    return !condition.ready()
        && pod.startTime().plus(initialReadinessDelay).isAfter(condition.lastTransition());
  }
}
