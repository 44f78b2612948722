package dev.headroom.sim.cluster;

import dev.headroom.sim.Resources;
import dev.headroom.sim.WorkloadKind;
import java.util.Comparator;
import java.util.List;

/**
 * A Deployment with its ReplicaSets' pods, reconciled once per simulated second the way the
 * Deployment and ReplicaSet controllers do: scale-ups create pods that become Ready after their
 * start-up time, scale-downs delete pods in the ReplicaSet's order, and a change of container
 * resources rolls the pods with maxSurge 25 % (rounded up) and maxUnavailable 25 % (rounded down).
 */
public final class Deployment extends Workload {
  private static final double MAX_SURGE = 0.25;
  private static final double MAX_UNAVAILABLE = 0.25;

  private int revision = 1;
  private int nextOrdinal;

  /**
   * A Deployment whose {@code initialReplicas} pods are already Ready at second 0.
   *
   * @param histogramBuckets how many latency buckets each container exports (with +Inf)
   */
  public Deployment(
      Resources template,
      int initialReplicas,
      PodStartup startup,
      long idleWorkingSetBytes,
      int histogramBuckets) {
    super(template, initialReplicas, startup, idleWorkingSetBytes, histogramBuckets);
    for (int i = 0; i < specReplicas; i++) {
      int ordinal = nextOrdinal++;
      pods.add(readyAtStart(name(ordinal), ordinal));
    }
  }

  @Override
  public WorkloadKind kind() {
    return WorkloadKind.DEPLOYMENT;
  }

  @Override
  void templateChanged() {
    revision++;
  }

  @Override
  public void reconcile(int second) {
    for (Pod pod : pods) {
      pod.becomeReadyIfStarted(second);
    }
    if (rolling()) {
      rollOneStep(second);
    } else {
      scaleTo(specReplicas, pods, second);
    }
  }

  private void scaleTo(int replicas, List<Pod> ofTemplate, int second) {
    int missing = replicas - ofTemplate.size();
    for (int i = 0; i < missing; i++) {
      pods.add(newPod(second));
    }
    if (missing < 0) {
      delete(ofTemplate, -missing);
    }
  }

  /**
   * One pass of the Deployment controller's rolling update: grow the new ReplicaSet within the
   * surge, drop old pods that are not Ready, then old Ready pods while enough stay available.
   */
  private void rollOneStep(int second) {
    RolloutBounds bounds = RolloutBounds.of(specReplicas, MAX_SURGE, MAX_UNAVAILABLE);
    List<Pod> fresh = pods.stream().filter(p -> p.resources().equals(template)).toList();
    if (fresh.size() > specReplicas) {
      delete(fresh, fresh.size() - specReplicas);
      fresh = pods.stream().filter(p -> p.resources().equals(template)).toList();
    }
    int room = specReplicas + bounds.maxSurge() - pods.size();
    int create = Math.min(room, specReplicas - fresh.size());
    for (int i = 0; i < create; i++) {
      pods.add(newPod(second));
    }

    int minAvailable = specReplicas - bounds.maxUnavailable();
    List<Pod> old = pods.stream().filter(p -> !p.resources().equals(template)).toList();
    long freshUnavailable =
        pods.stream().filter(p -> p.resources().equals(template) && !p.ready()).count();
    int cleanup = (int) (pods.size() - minAvailable - freshUnavailable);
    List<Pod> oldUnready = old.stream().filter(p -> !p.ready()).toList();
    delete(oldUnready, Math.min(Math.max(cleanup, 0), oldUnready.size()));

    old = pods.stream().filter(p -> !p.resources().equals(template)).toList();
    long available = pods.stream().filter(Pod::ready).count();
    int scaleDown = (int) Math.min(available - minAvailable, old.size());
    if (scaleDown > 0) {
      delete(old, scaleDown);
    }
  }

  /** Deletes {@code count} of {@code candidates} in the ReplicaSet controller's order. */
  private void delete(List<Pod> candidates, int count) {
    candidates.stream().sorted(DELETION_ORDER).limit(count).toList().forEach(pods::remove);
  }

  /**
   * The ReplicaSet controller's ranking of pods to delete first (ActivePodsWithRanks, for pods that
   * are all scheduled and running): not Ready before Ready, then Ready for the shortest time, then
   * more restarts, then the newest.
   */
  static final Comparator<Pod> DELETION_ORDER =
      Comparator.comparing(Pod::ready)
          .thenComparing(Comparator.comparingInt(Pod::readySinceSecond).reversed())
          .thenComparing(Comparator.comparingInt(Pod::restarts).reversed())
          .thenComparing(Comparator.comparingInt(Pod::createdSecond).reversed())
          .thenComparing(Comparator.comparingInt(Pod::ordinal).reversed());

  private Pod newPod(int createdSecond) {
    int ordinal = nextOrdinal++;
    return startPod(name(ordinal), ordinal, createdSecond);
  }

  private String name(int ordinal) {
    return String.format("pod-r%d-%05d", revision, ordinal);
  }
}
