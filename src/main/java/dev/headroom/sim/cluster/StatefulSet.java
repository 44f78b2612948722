package dev.headroom.sim.cluster;

import dev.headroom.sim.Resources;
import dev.headroom.sim.WorkloadKind;
import java.util.Comparator;
import java.util.List;

/**
 * A StatefulSet, reconciled once per simulated second as the StatefulSet controller does
 * (kubernetes/kubernetes {@code pkg/controller/statefulset/stateful_set_control.go}). Pods have
 * stable ordinals 0..replicas − 1 and keep their names when recreated.
 *
 * <p>With {@code podManagementPolicy: OrderedReady} (the default) the controller is monotonic: it
 * walks the ordinals from 0 and stops at the first pod it creates or the first that is not Running
 * and Ready, so pod N + 1 is created only once pods 0..N are Ready, and adding k pods takes k
 * start-ups. Scale-down deletes the highest ordinal first, one per second (the time a deleted pod
 * takes to terminate; it stops serving at once), and only while every remaining pod is Ready; a
 * condemned pod that is not Ready blocks unless it is the lowest-numbered pod that is not. A
 * restarting pod (an OOM kill) therefore holds both directions until it is Ready again, as in a
 * cluster. With {@code Parallel} pods are created and deleted together, highest ordinals first.
 *
 * <p>A new pod template rolls the pods one at a time from the highest ordinal, as the {@code
 * RollingUpdate} strategy does under either policy: the highest pod of the old template is deleted
 * once every pod is Ready, recreated from the new template, and the next waits until it is Ready.
 * Pods created meanwhile take the new template.
 */
public final class StatefulSet extends Workload {
  private static final Comparator<Pod> BY_ORDINAL = Comparator.comparingInt(Pod::ordinal);

  private final boolean orderedReady;

  /**
   * A StatefulSet whose {@code initialReplicas} pods (ordinals 0..initialReplicas − 1) are already
   * Ready at second 0.
   *
   * @param orderedReady {@code podManagementPolicy: OrderedReady}; else {@code Parallel}
   * @param histogramBuckets how many latency buckets each container exports (with +Inf)
   */
  public StatefulSet(
      Resources template,
      int initialReplicas,
      boolean orderedReady,
      PodStartup startup,
      long idleWorkingSetBytes,
      int histogramBuckets) {
    super(template, initialReplicas, startup, idleWorkingSetBytes, histogramBuckets);
    this.orderedReady = orderedReady;
    for (int ordinal = 0; ordinal < specReplicas; ordinal++) {
      pods.add(readyAtStart(name(ordinal), ordinal));
    }
  }

  @Override
  public WorkloadKind kind() {
    return orderedReady
        ? WorkloadKind.STATEFUL_SET_ORDERED_READY
        : WorkloadKind.STATEFUL_SET_PARALLEL;
  }

  /** The pod with this ordinal, if it exists. */
  private Pod at(int ordinal) {
    for (Pod pod : pods) {
      if (pod.ordinal() == ordinal) {
        return pod;
      }
    }
    return null;
  }

  @Override
  public void reconcile(int second) {
    for (Pod pod : pods) {
      pod.becomeReadyIfStarted(second);
    }
    // The replicas: create what is missing, in ordinal order; under OrderedReady stop at the first
    // pod created or not Ready.
    for (int ordinal = 0; ordinal < specReplicas; ordinal++) {
      Pod pod = at(ordinal);
      if (pod == null) {
        pods.add(startPod(name(ordinal), ordinal, second));
        if (orderedReady) {
          return;
        }
        continue;
      }
      if (orderedReady && !pod.ready()) {
        return;
      }
    }
    // The condemned, ordinals at or above spec: the highest first.
    List<Pod> condemned =
        pods.stream()
            .filter(p -> p.ordinal() >= specReplicas)
            .sorted(BY_ORDINAL.reversed())
            .toList();
    if (!condemned.isEmpty()) {
      if (orderedReady) {
        Pod highest = condemned.get(0);
        if (highest.ready() || highest == firstUnhealthy()) {
          pods.remove(highest);
        }
        return;
      }
      pods.removeAll(condemned);
    }
    rollOneStep();
  }

  /** The lowest-numbered pod that is not Ready, or null. */
  private Pod firstUnhealthy() {
    return pods.stream().filter(p -> !p.ready()).min(BY_ORDINAL).orElse(null);
  }

  /**
   * One step of the RollingUpdate strategy: from the highest ordinal down, delete the first pod of
   * an old template (it is recreated from the new one at the next second), or wait at a pod that is
   * not Ready.
   */
  private void rollOneStep() {
    List<Pod> byOrdinalDown = pods.stream().sorted(BY_ORDINAL.reversed()).toList();
    for (Pod pod : byOrdinalDown) {
      if (!pod.resources().equals(template)) {
        pods.remove(pod);
        return;
      }
      if (!pod.ready()) {
        return;
      }
    }
  }

  private static String name(int ordinal) {
    return "pod-" + ordinal;
  }
}
