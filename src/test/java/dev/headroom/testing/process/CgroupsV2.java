package dev.headroom.testing.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * cgroup v2: a directory per container under {@code /sys/fs/cgroup/headroom-tests-<pid>}, which
 * holds no process itself, so it may enable the cpu and memory controllers for its children.
 * Written to the kernel's documented interface; the machines measured so far run v1, so this path
 * has not run on a kernel on CI ({@code CgroupsV2Test} checks its files against a directory laid
 * out as the kernel's).
 */
final class CgroupsV2 extends Cgroups {
  private final Path base;

  private CgroupsV2(Path base) {
    this.base = base;
  }

  static CgroupsV2 create(Path root, String dir) throws IOException {
    String controllers = read(root.resolve("cgroup.controllers"));
    if (!List.of(controllers.split(" ")).containsAll(List.of("cpu", "memory"))) {
      throw new IllegalStateException(
          "cgroup v2 without the cpu and memory controllers: " + controllers);
    }
    write(root.resolve("cgroup.subtree_control"), "+cpu +memory");
    Path base = root.resolve(dir);
    Files.createDirectories(base);
    write(base.resolve("cgroup.subtree_control"), "+cpu +memory");
    return new CgroupsV2(base);
  }

  @Override
  public String version() {
    return "v2";
  }

  @Override
  public ContainerCgroup create(String name, CgroupLimits limits) {
    Container container = new Container(name, base.resolve(name));
    try {
      Files.createDirectory(container.dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create cgroup " + container.dir, e);
    }
    write(container.dir.resolve("memory.swap.max"), "0");
    container.apply(limits);
    return container;
  }

  @Override
  void removeAll() {
    remove(base);
  }

  static final class Container extends ContainerCgroup {
    private final Path dir;

    Container(String name, Path dir) {
      super(name);
      this.dir = dir;
    }

    @Override
    public void apply(CgroupLimits limits) {
      write(
          dir.resolve("cpu.max"),
          (limits.cpuQuotaMicros() == 0 ? "max" : Long.toString(limits.cpuQuotaMicros()))
              + " "
              + limits.cpuPeriodMicros());
      write(dir.resolve("cpu.weight"), Long.toString(limits.cpuWeight()));
      write(
          dir.resolve("memory.max"),
          limits.memoryLimitBytes() == 0 ? "max" : Long.toString(limits.memoryLimitBytes()));
    }

    @Override
    public CgroupUsage usage() {
      Path cpuStat = dir.resolve("cpu.stat");
      return new CgroupUsage(
          field(cpuStat, "usage_usec") / 1e6,
          field(cpuStat, "nr_periods"),
          field(cpuStat, "nr_throttled"),
          Long.parseLong(read(dir.resolve("memory.current"))),
          field(dir.resolve("memory.stat"), "inactive_file"),
          field(dir.resolve("memory.events"), "oom_kill"));
    }

    @Override
    List<Path> procsFiles() {
      return List.of(dir.resolve("cgroup.procs"));
    }

    @Override
    List<Path> directories() {
      return List.of(dir);
    }
  }
}
