package dev.headroom.sim.cluster;

import dev.headroom.sim.Resources;

/**
 * One pod of the simulated Deployment, with the container's cumulative counters that Prometheus and
 * metrics-server read. Mutable; owned by its {@link Deployment}.
 */
public final class Pod {
  private final String name;
  private final int ordinal;
  private final int createdSecond;
  private final Resources resources;
  private final int startupSeconds;
  private int readyAtSecond;
  private int readySinceSecond = -1;
  private int containerStartSecond;
  private int restarts;
  private int consecutiveCrashes;
  private double backlogRequests;
  private long workingSetBytes;
  private final ContainerCounters counters;
  private double cpuSampleCores = Double.NaN;
  private int cpuSampleAtSecond = -1;
  private double cpuSecondsAtLastSample = Double.NaN;
  private int lastSampleSecond = -1;

  Pod(
      String name,
      int ordinal,
      int createdSecond,
      Resources resources,
      int startupSeconds,
      long idleWorkingSetBytes,
      int histogramBuckets) {
    this.name = name;
    this.ordinal = ordinal;
    this.createdSecond = createdSecond;
    this.resources = resources;
    this.startupSeconds = startupSeconds;
    this.readyAtSecond = createdSecond + startupSeconds;
    this.containerStartSecond = createdSecond;
    this.workingSetBytes = idleWorkingSetBytes;
    this.counters = new ContainerCounters(histogramBuckets);
  }

  public String name() {
    return name;
  }

  public int ordinal() {
    return ordinal;
  }

  public int createdSecond() {
    return createdSecond;
  }

  /** The container resources of the template the pod was created from. */
  public Resources resources() {
    return resources;
  }

  public boolean ready() {
    return readySinceSecond >= 0;
  }

  /** The second it last became Ready, or -1. */
  public int readySinceSecond() {
    return readySinceSecond;
  }

  public int readyAtSecond() {
    return readyAtSecond;
  }

  public int restarts() {
    return restarts;
  }

  public double backlogRequests() {
    return backlogRequests;
  }

  public long workingSetBytes() {
    return workingSetBytes;
  }

  public ContainerCounters counters() {
    return counters;
  }

  /** metrics-server's last CPU sample in cores, or NaN. */
  public double cpuSampleCores() {
    return cpuSampleCores;
  }

  /** The second the last CPU sample ends at, or -1. */
  public int cpuSampleAtSecond() {
    return cpuSampleAtSecond;
  }

  void becomeReadyIfStarted(int second) {
    if (!ready() && second >= readyAtSecond) {
      readySinceSecond = second;
    }
    if (ready() && second - containerStartSecond >= CrashBackoff.RESET_AFTER_SECONDS) {
      consecutiveCrashes = 0;
    }
  }

  /** Records what the model computed for this second. */
  public void recordSecond(double backlogAfter, long workingSet) {
    this.backlogRequests = backlogAfter;
    this.workingSetBytes = workingSet;
  }

  /**
   * The container was OOM-killed: the kubelet restarts it after the crash back-off, and it is not
   * Ready again until it has started up.
   */
  void oomKill(int second, long idleWorkingSetBytes) {
    restarts++;
    consecutiveCrashes++;
    readySinceSecond = -1;
    int restartAt = second + CrashBackoff.delaySeconds(consecutiveCrashes);
    containerStartSecond = restartAt;
    readyAtSecond = restartAt + startupSeconds;
    backlogRequests = 0;
    workingSetBytes = idleWorkingSetBytes;
    counters.reset();
    cpuSampleCores = Double.NaN;
    cpuSampleAtSecond = -1;
    cpuSecondsAtLastSample = Double.NaN;
    lastSampleSecond = -1;
  }

  /** metrics-server's scrape: the CPU rate since its previous scrape of this container. */
  void takeCpuSample(int second) {
    if (second < containerStartSecond) {
      return;
    }
    double cpuSeconds = counters.cpuSeconds();
    if (lastSampleSecond >= 0 && second > lastSampleSecond) {
      cpuSampleCores = (cpuSeconds - cpuSecondsAtLastSample) / (second - lastSampleSecond);
      cpuSampleAtSecond = second;
    }
    cpuSecondsAtLastSample = cpuSeconds;
    lastSampleSecond = second;
  }
}
