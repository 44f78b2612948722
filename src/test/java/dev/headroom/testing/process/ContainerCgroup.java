package dev.headroom.testing.process;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One container's cgroup: its limits (changeable in place, as a kubelet applies a resize), the
 * command that starts a process inside it, its counters, and its removal with whatever still runs
 * in it.
 */
public abstract sealed class ContainerCgroup implements AutoCloseable
    permits CgroupsV1.Container, CgroupsV2.Container {
  private final String name;

  ContainerCgroup(String name) {
    this.name = name;
  }

  public String name() {
    return name;
  }

  /** Writes these limits, as a kubelet does for a new container or an in-place resize. */
  public abstract void apply(CgroupLimits limits);

  public abstract CgroupUsage usage();

  /** The files a process writes its PID to, to join this cgroup in every hierarchy. */
  abstract List<Path> procsFiles();

  /** Every directory of this cgroup (one per v1 hierarchy, one on v2). */
  abstract List<Path> directories();

  /**
   * {@code command} run inside this cgroup from its first instruction: a shell moves itself in,
   * then execs the command, so nothing the command allocates is charged elsewhere.
   */
  public List<String> wrap(List<String> command) {
    StringBuilder script = new StringBuilder();
    for (Path procs : procsFiles()) {
      script.append("echo $$ > '").append(procs).append("' && ");
    }
    script.append("exec \"$@\"");
    List<String> wrapped = new ArrayList<>(List.of("/bin/sh", "-c", script.toString(), "sh"));
    wrapped.addAll(command);
    return wrapped;
  }

  /** Kills what runs in it and removes it. */
  @Override
  public void close() {
    for (Path dir : directories()) {
      Cgroups.remove(dir);
    }
  }
}
