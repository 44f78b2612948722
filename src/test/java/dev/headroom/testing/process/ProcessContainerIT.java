package dev.headroom.testing.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headroom.sim.load.ConstantLoad;
import dev.headroom.testing.env.FreePorts;
import dev.headroom.testing.env.HttpProbe;
import dev.headroom.testing.env.ManagedProcess;
import dev.headroom.testing.env.Poll;
import dev.headroom.testing.env.Processes;
import dev.headroom.testing.env.TestRun;
import dev.headroom.testing.load.OpenLoopLoad;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The kernel, not a formula: the sample service in a cgroup with a container's limits is throttled
 * by CFS at its CPU limit and OOM-killed over its memory limit, and the cgroup's counters say so as
 * cAdvisor would read them. Closing the cgroup leaves no process and no directory.
 */
class ProcessContainerIT {
  private static final String SERVICE = "dev.headroom.testing.service.SampleService";
  private static final Duration STARTED = Duration.ofSeconds(60);

  @Test
  void aCpuLimitIsEnforcedByCfsThrottling() throws Exception {
    Cgroups cgroups = Cgroups.require();
    // 100m: a tenth of a core, enforced as 10 ms of CPU per 100 ms period.
    try (ContainerCgroup cgroup =
        cgroups.create("throttled-" + System.nanoTime(), CgroupLimits.of(100, 100, 256L << 20))) {
      int port = FreePorts.pick();
      ManagedProcess service = start(cgroup, port, Map.of("CPU_MILLIS", "20", "THREADS", "8"));
      awaitHealthy(service, port);

      CgroupUsage before = cgroup.usage();
      long startNanos = System.nanoTime();
      // 10 requests a second of 20 ms each ask for 200m, twice the limit, for 10 s.
      CgroupUsage after;
      try (OpenLoopLoad load =
          OpenLoopLoad.start("127.0.0.1", port, "/work", new ConstantLoad(10))) {
        Thread.sleep(10_000);
        after = cgroup.usage();
      }
      double seconds = (System.nanoTime() - startNanos) / 1e9;

      double cores = (after.cpuSeconds() - before.cpuSeconds()) / seconds;
      long periods = after.cfsPeriods() - before.cfsPeriods();
      long throttled = after.cfsThrottledPeriods() - before.cfsThrottledPeriods();
      System.out.printf(
          "[headroom tests] cgroup %s: %.3f cores used, %d of %d CFS periods throttled%n",
          cgroups.version(), cores, throttled, periods);
      // Bounded above by the quota whatever else the machine runs; below only loosely, since a
      // busy machine may not even give the container its tenth of a core.
      assertThat(cores).as("CPU used under a 100m limit, cores").isBetween(0.02, 0.115);
      assertThat(periods).as("CFS periods in %.1f s", seconds).isGreaterThan(50);
      assertThat((double) throttled / periods).as("share of periods throttled").isGreaterThan(0.2);
    }
  }

  @Test
  void overItsMemoryLimitTheKernelKillsTheProcess() throws Exception {
    Cgroups cgroups = Cgroups.require();
    try (ContainerCgroup cgroup =
        cgroups.create("oom-" + System.nanoTime(), CgroupLimits.of(500, 1000, 160L << 20))) {
      int port = FreePorts.pick();
      ManagedProcess service =
          start(
              cgroup,
              port,
              Map.of(
                  "CPU_MILLIS", "1",
                  "DEPENDENCY_MILLIS", "5000",
                  "MEMORY_PER_REQUEST_BYTES", Long.toString(16L << 20),
                  "THREADS", "32"));
      awaitHealthy(service, port);
      assertThat(cgroup.usage().oomKills()).isZero();

      // 16 requests a second, each held 5 s: 16 in flight hold 256 MiB, over the 160 MiB limit.
      try (OpenLoopLoad load =
          OpenLoopLoad.start("127.0.0.1", port, "/work", new ConstantLoad(16))) {
        Poll.until(
            Duration.ofSeconds(30), "the kernel to kill the service", () -> !service.isAlive());
      }
      assertThat(service.exitCode()).as("exit code of a SIGKILLed process").hasValue(137);
      assertThat(cgroup.usage().oomKills()).as("OOM kills the cgroup counted").isPositive();
    }
  }

  @Test
  void closingKillsWhatRunsAndRemovesTheCgroup() throws Exception {
    Cgroups cgroups = Cgroups.require();
    ContainerCgroup cgroup =
        cgroups.create("closed-" + System.nanoTime(), CgroupLimits.of(100, 0, 256L << 20));
    int port = FreePorts.pick();
    ManagedProcess service = start(cgroup, port, Map.of());
    awaitHealthy(service, port);
    List<Path> directories = cgroup.directories();
    assertThat(directories).allMatch(Files::isDirectory);

    cgroup.close();

    assertThat(service.isAlive()).isFalse();
    assertThat(directories).noneMatch(Files::exists);
  }

  private static ManagedProcess start(ContainerCgroup cgroup, int port, Map<String, String> env)
      throws Exception {
    Map<String, String> environment = new java.util.HashMap<>(env);
    environment.put("PORT", Integer.toString(port));
    Path log = TestRun.subdir("processes").resolve(cgroup.name() + ".log");
    return Processes.start(
        cgroup.name(), cgroup.wrap(JavaCommand.of(SERVICE, "32m")), log, environment);
  }

  private static void awaitHealthy(ManagedProcess service, int port) {
    HttpProbe probe = HttpProbe.plain();
    URI health = URI.create("http://127.0.0.1:" + port + "/healthz");
    Poll.until(
        STARTED,
        service.name() + " to answer " + health,
        () -> {
          service.requireAlive();
          return probe.ok(health);
        });
  }
}
