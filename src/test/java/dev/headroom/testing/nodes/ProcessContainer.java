package dev.headroom.testing.nodes;

import dev.headroom.testing.env.ManagedProcess;
import dev.headroom.testing.env.Processes;
import dev.headroom.testing.process.CgroupLimits;
import dev.headroom.testing.process.CgroupUsage;
import dev.headroom.testing.process.Cgroups;
import dev.headroom.testing.process.ContainerCgroup;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One container of a pod on a process-backed node, as a kubelet runs it: a process in its own
 * cgroup with the limits its resources give, restarted with the kubelet's crash back-off (10 s,
 * doubling, at most 5 min) when it exits, its readiness and liveness probes (HTTP GET, {@link
 * HttpProbe}) executed for real: readiness decides Ready, a failed liveness probe kills the process
 * (reported as an exit, {@code Error}, and restarted as any other). An exit the cgroup counted as
 * an OOM kill is reported as {@code OOMKilled}.
 */
final class ProcessContainer implements AutoCloseable {
  private static final Duration FIRST_BACKOFF = Duration.ofSeconds(10);
  private static final Duration MAX_BACKOFF = Duration.ofMinutes(5);

  /** How the last run ended. */
  record Exit(Instant at, int exitCode, boolean oomKilled) {}

  private final String name;
  private final String podIp;
  private final List<String> command;
  private final ContainerCgroup cgroup;
  private final Path log;
  private ManagedProcess process;
  private CgroupLimits limits;
  private Instant startedAt;
  private Instant previousStartedAt;
  private int restarts;
  private Exit lastExit;
  private Instant restartAt;
  private long oomKillsSeen;
  private HttpProbe readiness;
  private HttpProbe liveness;
  private boolean ready;

  ProcessContainer(
      Cgroups cgroups,
      String cgroupName,
      Container spec,
      String podIp,
      List<String> command,
      Path log) {
    this.name = spec.getName();
    this.podIp = podIp;
    this.command = command;
    this.log = log;
    this.limits = limits(spec);
    this.cgroup = cgroups.create(cgroupName, limits);
  }

  /** Starts, restarts after back-off, notices an exit, probes and applies a resize. */
  void sync(Container spec, Instant now) {
    CgroupLimits wanted = limits(spec);
    if (!wanted.equals(limits)) {
      cgroup.apply(wanted); // the kubelet's part of an in-place resize
      limits = wanted;
    }
    if (process != null && !process.isAlive()) {
      long kills = cgroup.usage().oomKills();
      int code = process.exitCode().orElse(-1);
      lastExit = new Exit(now, code, kills > oomKillsSeen);
      oomKillsSeen = kills;
      process = null;
      ready = false;
      Duration backoff = FIRST_BACKOFF.multipliedBy(1L << Math.min(restarts, 10));
      restartAt = now.plus(backoff.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff);
    }
    if (process == null && (restartAt == null || !now.isBefore(restartAt))) {
      if (startedAt != null) {
        restarts++;
        previousStartedAt = startedAt;
      }
      process = Processes.start(cgroup.name(), cgroup.wrap(command), log, environment(spec));
      startedAt = now;
      restartAt = null;
      ready = !HttpProbe.runs(spec.getReadinessProbe()); // no readiness probe: Ready once running
      readiness =
          HttpProbe.runs(spec.getReadinessProbe())
              ? new HttpProbe(spec.getReadinessProbe(), podIp, now)
              : null;
      liveness =
          HttpProbe.runs(spec.getLivenessProbe())
              ? new HttpProbe(spec.getLivenessProbe(), podIp, now)
              : null;
    }
    if (process != null && readiness != null) {
      readiness.step(now).ifPresent(ok -> ready = ok);
    }
    if (process != null && liveness != null && liveness.step(now).filter(ok -> !ok).isPresent()) {
      // The kubelet stops a container that fails its liveness probe (SIGTERM, then SIGKILL after
      // a grace period); the exit is noticed, and the container restarted after the crash
      // back-off, at the next sync, as any other exit.
      ready = false;
      process.stop(Duration.ofSeconds(2));
    }
  }

  private Map<String, String> environment(Container spec) {
    Map<String, String> env = new HashMap<>(ImageTable.environment(spec));
    if (spec.getEnv() != null) {
      spec.getEnv().stream()
          .filter(e -> e.getValue() != null)
          .forEach(e -> env.put(e.getName(), e.getValue()));
    }
    env.put("BIND", podIp);
    if (!env.containsKey("PORT") && spec.getPorts() != null && !spec.getPorts().isEmpty()) {
      env.put("PORT", Integer.toString(spec.getPorts().get(0).getContainerPort()));
    }
    return env;
  }

  static CgroupLimits limits(Container spec) {
    var resources = spec.getResources();
    Map<String, Quantity> requests =
        resources == null || resources.getRequests() == null ? Map.of() : resources.getRequests();
    Map<String, Quantity> limitsOf =
        resources == null || resources.getLimits() == null ? Map.of() : resources.getLimits();
    return CgroupLimits.of(
        millis(requests.getOrDefault("cpu", limitsOf.get("cpu"))),
        millis(limitsOf.get("cpu")),
        limitsOf.get("memory") == null
            ? 0
            : Quantity.getAmountInBytes(limitsOf.get("memory")).longValue());
  }

  private static long millis(Quantity cpu) {
    return cpu == null
        ? 0
        : Quantity.getAmountInBytes(cpu).multiply(BigDecimal.valueOf(1000)).longValue();
  }

  String name() {
    return name;
  }

  boolean running() {
    return process != null && process.isAlive();
  }

  boolean ready() {
    return running() && ready;
  }

  /** The current run, in the fake agent's terms (restarts, start, the previous run's start). */
  Optional<PodRun.ContainerRun> run() {
    if (startedAt == null) {
      return Optional.empty();
    }
    return Optional.of(
        new PodRun.ContainerRun(restarts, startedAt, Optional.ofNullable(previousStartedAt)));
  }

  Optional<Exit> lastExit() {
    return Optional.ofNullable(lastExit);
  }

  CgroupUsage usage() {
    return cgroup.usage();
  }

  @Override
  public void close() {
    if (process != null) {
      process.stop(Duration.ofSeconds(2));
    }
    cgroup.close();
  }
}
