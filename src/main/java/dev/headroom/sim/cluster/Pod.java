package dev.headroom.sim.cluster;

import dev.headroom.sim.Resources;

/**
 * One pod of the simulated Deployment, with the container's cumulative counters that Prometheus and
 * metrics-server read. Mutable; owned by its {@link Deployment}.
 */
public final class Pod {
  /**
   * metrics-server's freshContainerMinMetricsResolution: a container younger than this at a scrape
   * gets no sample from that scrape alone.
   */
  static final int FRESH_CONTAINER_MIN_SECONDS = 10;

  private final String name;
  private final int ordinal;
  private final int createdSecond;
  private final Resources resources;
  private final int startupSeconds;
  private int readyAtSecond;
  private int readySinceSecond = -1;
  private int lastReadySinceSecond = -1;
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

  /** The second it last became Ready if it is Ready now, or -1. */
  public int readySinceSecond() {
    return readySinceSecond;
  }

  /**
   * The second it last became Ready, kept after it stops being Ready (an OOM kill), or -1 if it
   * never was: what its Ready condition tells, that it has been Ready before.
   */
  public int lastReadySinceSecond() {
    return lastReadySinceSecond;
  }

  /** The second its current (or next, while in crash back-off) container starts. */
  public int containerStartSecond() {
    return containerStartSecond;
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
      lastReadySinceSecond = second;
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
    // metrics-server keeps serving the killed container's last sample until its next scrape; the
    // point it stored from that container cannot pair with the new container's.
    cpuSecondsAtLastSample = Double.NaN;
    lastSampleSecond = -1;
  }

  /**
   * metrics-server's scrape, as its podStorage.Store and GetMetrics do
   * (kubernetes-sigs/metrics-server pkg/storage/pod.go): the CPU rate between its last two points
   * of the same container. A container that is not running (crash back-off) is not reported by the
   * kubelet, so the pod has no sample. A container that started since the previous scrape has no
   * earlier point to pair with, so it has no sample until the next scrape, except a container that
   * started at least {@value #FRESH_CONTAINER_MIN_SECONDS} s but less than one resolution before
   * this scrape: for it metrics-server pairs the point with a zero at its start time and reports
   * the rate since it started.
   *
   * @param resolutionSeconds metrics-server's {@code --metric-resolution}
   */
  void takeCpuSample(int second, int resolutionSeconds) {
    if (second < containerStartSecond) {
      cpuSampleCores = Double.NaN;
      cpuSampleAtSecond = -1;
      return;
    }
    double cpuSeconds = counters.cpuSeconds();
    int sinceStart = second - containerStartSecond;
    if (sinceStart >= FRESH_CONTAINER_MIN_SECONDS && sinceStart < resolutionSeconds) {
      cpuSampleCores = cpuSeconds / sinceStart;
      cpuSampleAtSecond = second;
    } else if (lastSampleSecond >= 0 && second > lastSampleSecond) {
      cpuSampleCores = (cpuSeconds - cpuSecondsAtLastSample) / (second - lastSampleSecond);
      cpuSampleAtSecond = second;
    } else {
      cpuSampleCores = Double.NaN;
      cpuSampleAtSecond = -1;
    }
    cpuSecondsAtLastSample = cpuSeconds;
    lastSampleSecond = second;
  }
}
