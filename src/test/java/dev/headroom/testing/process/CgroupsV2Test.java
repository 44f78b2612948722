package dev.headroom.testing.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cgroup v2 path against a directory laid out as the kernel's unified hierarchy is (its
 * interface files, in the formats Documentation/admin-guide/cgroup-v2.rst gives). The machines
 * measured so far mount cpu and memory as v1 hierarchies, where a v2 mount has no controllers to
 * enable, so the process-backed tests run this path nowhere: this checks what it writes and how it
 * reads the counters, not the kernel's answer.
 */
class CgroupsV2Test {
  @TempDir Path root;

  @Test
  void aHierarchyWithoutTheCpuAndMemoryControllersIsRefusedWithWhatItHas() throws IOException {
    Files.writeString(root.resolve("cgroup.controllers"), "cpuset io pids\n");
    assertThatThrownBy(() -> CgroupsV2.create(root, "headroom-tests-1"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("cgroup v2 without the cpu and memory controllers: cpuset io pids");
  }

  @Test
  void theControllersAreEnabledForTheTestsDirectoryAndItsChildren() throws IOException {
    Files.writeString(root.resolve("cgroup.controllers"), "cpuset cpu io memory pids\n");
    CgroupsV2.create(root, "headroom-tests-1");
    assertThat(root.resolve("cgroup.subtree_control")).hasContent("+cpu +memory");
    assertThat(root.resolve("headroom-tests-1/cgroup.subtree_control")).hasContent("+cpu +memory");
  }

  @Test
  void aContainersLimitsAreWrittenAsTheKubeletWritesThem() throws IOException {
    Path dir = container("web", CgroupLimits.of(200, 200, 256L << 20));
    // 200m: 20 ms of every 100 ms period; 204 shares are runc's weight 8; no swap.
    assertThat(dir.resolve("cpu.max")).hasContent("20000 100000");
    assertThat(dir.resolve("cpu.weight")).hasContent("8");
    assertThat(dir.resolve("memory.max")).hasContent("268435456");
    assertThat(dir.resolve("memory.swap.max")).hasContent("0");
  }

  @Test
  void noLimitIsTheKernelsMax() throws IOException {
    Path dir = container("batch", CgroupLimits.of(1000, 0, 0));
    assertThat(dir.resolve("cpu.max")).hasContent("max 100000");
    assertThat(dir.resolve("memory.max")).hasContent("max");
    // One core requested: 1024 shares, runc's weight 39.
    assertThat(dir.resolve("cpu.weight")).hasContent("39");
  }

  @Test
  void theCountersAreReadFromTheKernelsFiles() throws IOException {
    ContainerCgroup cgroup = cgroups().create("web", CgroupLimits.of(200, 200, 256L << 20));
    Path dir = root.resolve("headroom-tests-1/web");
    Files.writeString(
        dir.resolve("cpu.stat"),
        """
        usage_usec 1500000
        user_usec 1200000
        system_usec 300000
        nr_periods 40
        nr_throttled 7
        throttled_usec 210000
        """);
    Files.writeString(dir.resolve("memory.current"), "104857600\n");
    Files.writeString(
        dir.resolve("memory.stat"),
        """
        anon 94371840
        file 10485760
        active_file 6291456
        inactive_file 4194304
        """);
    Files.writeString(
        dir.resolve("memory.events"),
        """
        low 0
        high 0
        max 12
        oom 1
        oom_kill 1
        """);

    CgroupUsage usage = cgroup.usage();

    assertThat(usage.cpuSeconds()).isEqualTo(1.5);
    assertThat(usage.cfsPeriods()).isEqualTo(40);
    assertThat(usage.cfsThrottledPeriods()).isEqualTo(7);
    assertThat(usage.memoryUsageBytes()).isEqualTo(104_857_600);
    assertThat(usage.workingSetBytes()).isEqualTo(104_857_600 - 4_194_304);
    assertThat(usage.oomKills()).isEqualTo(1);
  }

  private Path container(String name, CgroupLimits limits) throws IOException {
    cgroups().create(name, limits);
    return root.resolve("headroom-tests-1").resolve(name);
  }

  private CgroupsV2 cgroups() throws IOException {
    Files.writeString(root.resolve("cgroup.controllers"), "cpu memory\n");
    return CgroupsV2.create(root, "headroom-tests-1");
  }
}
