package dev.headroom.testing.process;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/** cgroup v1: a directory per container in the cpu, cpuacct and memory hierarchies. */
final class CgroupsV1 extends Cgroups {
  private final Path cpu;
  private final Path cpuacct;
  private final Path memory;

  private CgroupsV1(Path cpu, Path cpuacct, Path memory) {
    this.cpu = cpu;
    this.cpuacct = cpuacct;
    this.memory = memory;
  }

  static CgroupsV1 create(Map<String, Path> own, String dir) throws java.io.IOException {
    Path cpu = own.get("cpu").resolve(dir);
    Path cpuacct = own.get("cpuacct").resolve(dir);
    Path memory = own.get("memory").resolve(dir);
    for (Path p : new LinkedHashSet<>(List.of(cpu, cpuacct, memory))) {
      Files.createDirectories(p);
    }
    // Children's memory is counted in their parents' (the default on current kernels).
    if (Files.exists(memory.resolve("memory.use_hierarchy"))
        && !"1".equals(read(memory.resolve("memory.use_hierarchy")))) {
      write(memory.resolve("memory.use_hierarchy"), "1");
    }
    return new CgroupsV1(cpu, cpuacct, memory);
  }

  @Override
  public String version() {
    return "v1";
  }

  @Override
  public ContainerCgroup create(String name, CgroupLimits limits) {
    Container container =
        new Container(name, cpu.resolve(name), cpuacct.resolve(name), memory.resolve(name));
    for (Path dir : container.directories()) {
      try {
        Files.createDirectory(dir);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException("cannot create cgroup " + dir, e);
      }
    }
    // No swap: over its limit, a container is OOM-killed, as under a kubelet.
    write(container.memory.resolve("memory.swappiness"), "0");
    container.apply(limits);
    return container;
  }

  @Override
  void removeAll() {
    for (Path p : new LinkedHashSet<>(List.of(cpu, cpuacct, memory))) {
      remove(p);
    }
  }

  static final class Container extends ContainerCgroup {
    private final Path cpu;
    private final Path cpuacct;
    private final Path memory;

    Container(String name, Path cpu, Path cpuacct, Path memory) {
      super(name);
      this.cpu = cpu;
      this.cpuacct = cpuacct;
      this.memory = memory;
    }

    @Override
    public void apply(CgroupLimits limits) {
      write(cpu.resolve("cpu.cfs_period_us"), Long.toString(limits.cpuPeriodMicros()));
      write(
          cpu.resolve("cpu.cfs_quota_us"),
          limits.cpuQuotaMicros() == 0 ? "-1" : Long.toString(limits.cpuQuotaMicros()));
      write(cpu.resolve("cpu.shares"), Long.toString(limits.cpuShares()));
      write(
          memory.resolve("memory.limit_in_bytes"),
          limits.memoryLimitBytes() == 0 ? "-1" : Long.toString(limits.memoryLimitBytes()));
    }

    @Override
    public CgroupUsage usage() {
      Path cpuStat = cpu.resolve("cpu.stat");
      return new CgroupUsage(
          Long.parseLong(read(cpuacct.resolve("cpuacct.usage"))) / 1e9,
          field(cpuStat, "nr_periods"),
          field(cpuStat, "nr_throttled"),
          Long.parseLong(read(memory.resolve("memory.usage_in_bytes"))),
          field(memory.resolve("memory.stat"), "total_inactive_file"),
          field(memory.resolve("memory.oom_control"), "oom_kill"));
    }

    @Override
    List<Path> procsFiles() {
      return directories().stream().map(d -> d.resolve("cgroup.procs")).toList();
    }

    @Override
    List<Path> directories() {
      return List.copyOf(new LinkedHashSet<>(List.of(cpu, cpuacct, memory)));
    }
  }
}
