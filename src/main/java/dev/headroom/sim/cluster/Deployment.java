package dev.headroom.sim.cluster;

import dev.headroom.sim.Resources;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A Deployment with its ReplicaSets' pods, reconciled once per simulated second the way the
 * Deployment and ReplicaSet controllers do: scale-ups create pods that become Ready after their
 * start-up time, scale-downs delete pods in the ReplicaSet's order, and a change of container
 * resources rolls the pods with maxSurge 25 % (rounded up) and maxUnavailable 25 % (rounded down).
 */
public final class Deployment {
  private static final double MAX_SURGE = 0.25;
  private static final double MAX_UNAVAILABLE = 0.25;

  private final PodStartup startup;
  private final long idleWorkingSetBytes;
  private final int histogramBuckets;
  private final List<Pod> pods = new ArrayList<>();
  private final List<Integer> oomKillSeconds = new ArrayList<>();
  private int specReplicas;
  private Resources template;
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
    this.template = template;
    this.specReplicas = Math.max(0, initialReplicas);
    this.startup = startup;
    this.idleWorkingSetBytes = idleWorkingSetBytes;
    this.histogramBuckets = histogramBuckets;
    for (int i = 0; i < specReplicas; i++) {
      Pod pod = newPod(-startup.nominalSeconds(), startup.nominalSeconds());
      pod.becomeReadyIfStarted(0);
      pods.add(pod);
    }
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

  /** Whether pods of an older template remain. */
  public boolean rolling() {
    return pods.stream().anyMatch(p -> !p.resources().equals(template));
  }

  public void scale(int replicas) {
    specReplicas = Math.max(0, replicas);
  }

  /** A new pod template: a rolling update replaces every pod. */
  public void updateResources(Resources resources) {
    if (!resources.equals(template)) {
      template = resources;
      revision++;
    }
  }

  /** The kubelet and the controllers for one second: readiness first, then pods to match spec. */
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

  private void scaleTo(int replicas, List<Pod> ofTemplate, int second) {
    int missing = replicas - ofTemplate.size();
    for (int i = 0; i < missing; i++) {
      pods.add(newPod(second, startup.nextSeconds()));
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
      pods.add(newPod(second, startup.nextSeconds()));
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

  private Pod newPod(int createdSecond, int startupSeconds) {
    int ordinal = nextOrdinal++;
    return new Pod(
        String.format("pod-r%d-%05d", revision, ordinal),
        ordinal,
        createdSecond,
        template,
        startupSeconds,
        idleWorkingSetBytes,
        histogramBuckets);
  }
}
