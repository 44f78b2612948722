package dev.headroom.testing.nodes;

import dev.headroom.testing.env.ManagedProcess;
import dev.headroom.testing.env.Processes;
import dev.headroom.testing.process.CgroupLimits;
import dev.headroom.testing.process.CgroupUsage;
import dev.headroom.testing.process.Cgroups;
import dev.headroom.testing.process.ContainerCgroup;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * One container of a pod on a process-backed node, as a kubelet runs it: a process in its own
 * cgroup with the limits its resources give, restarted with the kubelet's crash back-off (10 s,
 * doubling, at most 5 min) when it exits, its readiness probe (HTTP GET) executed for real. An exit
 * the cgroup counted as an OOM kill is reported as {@code OOMKilled}.
 */
final class ProcessContainer implements AutoCloseable {
  private static final Duration FIRST_BACKOFF = Duration.ofSeconds(10);
  private static final Duration MAX_BACKOFF = Duration.ofMinutes(5);
  private static final HttpClient PROBES =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(1))
          .build();

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
  private Instant lastProbe = Instant.EPOCH;
  private int probeFailures;
  private CompletableFuture<Boolean> inFlight;
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
      probeFailures = 0;
      lastProbe = now; // the first probe after a period, as initialDelaySeconds 0 still waits one
    }
    if (process != null) {
      probe(spec.getReadinessProbe(), now);
    }
  }

  /**
   * The readiness probe, as the kubelet runs it: every {@code periodSeconds}, an HTTP GET that
   * fails after {@code timeoutSeconds} (default 1 s), Ready on a success, not Ready after {@code
   * failureThreshold} failures in a row. Sent asynchronously: a probe of an overloaded container
   * must not hold up the agent's other pods.
   */
  private void probe(Probe probe, Instant now) {
    if (probe == null || probe.getHttpGet() == null) {
      ready = true; // no readiness probe: Ready once running
      return;
    }
    if (inFlight != null) {
      if (!inFlight.isDone()) {
        return;
      }
      boolean ok = inFlight.join();
      inFlight = null;
      int threshold = probe.getFailureThreshold() == null ? 3 : probe.getFailureThreshold();
      if (ok) {
        probeFailures = 0;
        ready = true;
      } else if (++probeFailures >= threshold) {
        ready = false;
      }
    }
    int period = probe.getPeriodSeconds() == null ? 10 : probe.getPeriodSeconds();
    if (now.isBefore(lastProbe.plusSeconds(period))) {
      return;
    }
    lastProbe = now;
    HTTPGetAction get = probe.getHttpGet();
    URI uri =
        URI.create(
            "http://"
                + podIp
                + ":"
                + get.getPort().getIntVal()
                + (get.getPath() == null ? "/" : get.getPath()));
    int timeout = probe.getTimeoutSeconds() == null ? 1 : probe.getTimeoutSeconds();
    inFlight =
        PROBES
            .sendAsync(
                HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(timeout)).GET().build(),
                HttpResponse.BodyHandlers.discarding())
            .handle(
                (response, failure) ->
                    failure == null && response.statusCode() >= 200 && response.statusCode() < 400);
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
