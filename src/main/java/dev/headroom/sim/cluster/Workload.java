package dev.headroom.sim.cluster;

import dev.headroom.sim.Resources;
import dev.headroom.sim.WorkloadKind;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A workload's pods and the controller that keeps them at its replica count, reconciled once per
 * simulated second: a {@link Deployment} or a {@link StatefulSet}. What they share is here: the
 * pods that exist (starting, Ready or restarting: what is paid for), the pod template, OOM kills
 * with the kubelet's restart, and metrics-server's CPU samples.
 */
public abstract sealed class Workload permits Deployment, StatefulSet {
  private final PodStartup startup;
  private final long idleWorkingSetBytes;
  private final int histogramBuckets;

  /** The pods that exist, oldest first. */
  final List<Pod> pods = new ArrayList<>();

  private final List<Integer> oomKillSeconds = new ArrayList<>();
  int specReplicas;
  Resources template;

  Workload(
      Resources template,
      int specReplicas,
      PodStartup startup,
      long idleWorkingSetBytes,
      int histogramBuckets) {
    this.template = template;
    this.specReplicas = Math.max(0, specReplicas);
    this.startup = startup;
    this.idleWorkingSetBytes = idleWorkingSetBytes;
    this.histogramBuckets = histogramBuckets;
  }

  /**
   * The workload of {@code kind} whose {@code initialReplicas} pods are already Ready at second 0.
   *
   * @param histogramBuckets how many latency buckets each container exports (with +Inf)
   */
  public static Workload of(
      WorkloadKind kind,
      Resources template,
      int initialReplicas,
      PodStartup startup,
      long idleWorkingSetBytes,
      int histogramBuckets) {
    return switch (kind) {
      case DEPLOYMENT ->
          new Deployment(template, initialReplicas, startup, idleWorkingSetBytes, histogramBuckets);
      case STATEFUL_SET_ORDERED_READY, STATEFUL_SET_PARALLEL ->
          new StatefulSet(
              template,
              initialReplicas,
              kind.orderedReady(),
              startup,
              idleWorkingSetBytes,
              histogramBuckets);
    };
  }

  /** How long each new pod takes to start: the nominal time with seeded jitter. */
  public record PodStartup(int nominalSeconds, double jitterFraction, SplittableRandom random) {
    int nextSeconds() {
      if (jitterFraction == 0) {
        return nominalSeconds;
      }
      double factor = 1 + jitterFraction * (2 * random.nextDouble() - 1);
      return (int) Math.max(0, Math.round(nominalSeconds * factor));
    }

    /** The longest start-up the jitter allows. */
    public int maxSeconds() {
      return (int) Math.ceil(nominalSeconds * (1 + jitterFraction));
    }
  }

  /** What kind of workload this is. */
  public abstract WorkloadKind kind();

  /** The kubelet and the controllers for one second: readiness first, then pods to match spec. */
  public abstract void reconcile(int second);

  /** Whether pods of an older template remain. */
  public boolean rolling() {
    return pods.stream().anyMatch(p -> !p.resources().equals(template));
  }

  public int specReplicas() {
    return specReplicas;
  }

  public Resources template() {
    return template;
  }

  /** The pods that exist (starting, Ready or restarting), oldest first. */
  public List<Pod> pods() {
    return List.copyOf(pods);
  }

  public List<Pod> readyPods() {
    return pods.stream().filter(Pod::ready).toList();
  }

  /** When containers were OOM-killed, in seconds, oldest first. */
  public List<Integer> oomKillSeconds() {
    return List.copyOf(oomKillSeconds);
  }

  public void scale(int replicas) {
    specReplicas = Math.max(0, replicas);
  }

  /** A new pod template: a rolling update replaces every pod. */
  public void updateResources(Resources resources) {
    if (!resources.equals(template)) {
      template = resources;
      templateChanged();
    }
  }

  /** Called when the pod template changed. */
  void templateChanged() {}

  /** Marks a container OOM-killed; its pod restarts in place. */
  public void oomKill(Pod pod, int second) {
    pod.oomKill(second, idleWorkingSetBytes);
    oomKillSeconds.add(second);
  }

  /** metrics-server's scrape of every pod, at its usual {@code --metric-resolution=15s}. */
  public void takeCpuSamples(int second) {
    takeCpuSamples(second, 15);
  }

  /** metrics-server's scrape of every pod, every {@code resolutionSeconds}. */
  public void takeCpuSamples(int second, int resolutionSeconds) {
    for (Pod pod : pods) {
      pod.takeCpuSample(second, resolutionSeconds);
    }
  }

  /** A pod created at {@code createdSecond} that takes a drawn start-up time to be Ready. */
  Pod startPod(String name, int ordinal, int createdSecond) {
    return new Pod(
        name,
        ordinal,
        createdSecond,
        template,
        startup.nextSeconds(),
        idleWorkingSetBytes,
        histogramBuckets);
  }

  /** A pod that is Ready at second 0, as a workload's initial pods are. */
  Pod readyAtStart(String name, int ordinal) {
    Pod pod =
        new Pod(
            name,
            ordinal,
            -startup.nominalSeconds(),
            template,
            startup.nominalSeconds(),
            idleWorkingSetBytes,
            histogramBuckets);
    pod.becomeReadyIfStarted(0);
    return pod;
  }
}
