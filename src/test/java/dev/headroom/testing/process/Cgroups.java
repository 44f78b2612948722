package dev.headroom.testing.process;

import dev.headroom.testing.env.Processes;
import dev.headroom.testing.env.Unavailable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where this JVM may create containers' cgroups: v1 when the {@code cpu}, {@code cpuacct} and
 * {@code memory} controllers are mounted as hierarchies (nested under this JVM's own cgroup in
 * each), else v2 when {@code /sys/fs/cgroup} is the unified hierarchy with {@code cpu} and {@code
 * memory} (under a directory at its root, since v2 enables controllers for children only of a
 * cgroup without processes). Needs root. One directory per JVM, {@code headroom-tests-<pid>},
 * removed with every container's at JVM exit.
 */
public abstract sealed class Cgroups permits CgroupsV1, CgroupsV2 {
  static final Path ROOT = Path.of("/sys/fs/cgroup");
  private static Cgroups detected;
  private static String whyNot;

  /** The version, for messages: "v1" or "v2". */
  public abstract String version();

  /** A new cgroup {@code name} (unique in this JVM) with these limits. */
  public abstract ContainerCgroup create(String name, CgroupLimits limits);

  /** This JVM's cgroups, or a skip (a failure on CI) saying why there are none. */
  public static synchronized Cgroups require() {
    Optional<Cgroups> found = detect();
    if (found.isEmpty()) {
      throw Unavailable.skipOrFail(
          "Writable cgroups (cpu, cpuacct and memory)",
          whyNot,
          "run the tests as root on Linux with cgroup v1's cpu, cpuacct and memory hierarchies"
              + " or cgroup v2 with the cpu and memory controllers");
    }
    return found.get();
  }

  /** This JVM's cgroups when the machine has usable ones. */
  public static synchronized Optional<Cgroups> detect() {
    if (detected != null || whyNot != null) {
      return Optional.ofNullable(detected);
    }
    String dir = "headroom-tests-" + ProcessHandle.current().pid();
    try {
      Map<String, Path> v1 = v1Hierarchies();
      if (v1.keySet().containsAll(List.of("cpu", "cpuacct", "memory"))) {
        detected = CgroupsV1.create(v1, dir);
      } else if (Files.exists(ROOT.resolve("cgroup.controllers"))) {
        detected = CgroupsV2.create(ROOT, dir);
      } else {
        whyNot = "neither cgroup v1's cpu, cpuacct and memory hierarchies nor cgroup v2 is mounted";
      }
    } catch (IOException | UncheckedIOException | IllegalStateException e) {
      whyNot = "cannot create " + dir + ": " + e.getMessage();
    }
    if (detected != null) {
      Cgroups made = detected;
      Processes.onExit("cgroups", made::removeAll);
    }
    return Optional.ofNullable(detected);
  }

  /** Kills whatever is left in this JVM's cgroups and removes them. */
  abstract void removeAll();

  /** Where this JVM's own cgroup is in each v1 hierarchy, by controller. */
  private static Map<String, Path> v1Hierarchies() throws IOException {
    Map<String, Path> mounts = new LinkedHashMap<>();
    for (String line : Files.readAllLines(Path.of("/proc/mounts"))) {
      String[] f = line.split(" ");
      if (f.length >= 4 && f[2].equals("cgroup")) {
        for (String option : f[3].split(",")) {
          if (List.of("cpu", "cpuacct", "memory").contains(option)) {
            mounts.put(option, Path.of(f[1]));
          }
        }
      }
    }
    Map<String, Path> own = new LinkedHashMap<>();
    for (String line : Files.readAllLines(Path.of("/proc/self/cgroup"))) {
      String[] f = line.split(":", 3);
      if (f.length == 3 && !f[1].isEmpty()) {
        for (String controller : f[1].split(",")) {
          Path mount = mounts.get(controller);
          if (mount != null) {
            own.put(controller, mount.resolve(f[2].replaceFirst("^/", "")));
          }
        }
      }
    }
    return own;
  }

  static void write(Path file, String value) {
    try {
      Files.writeString(file, value);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + value + " to " + file, e);
    }
  }

  static String read(Path file) {
    try {
      return Files.readString(file).strip();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The value of {@code key} in a "key value" per line file ({@code cpu.stat}, {@code
   * memory.stat}).
   */
  static long field(Path file, String key) {
    for (String line : read(file).split("\n")) {
      String[] f = line.trim().split("\\s+");
      if (f.length == 2 && f[0].equals(key)) {
        return Long.parseLong(f[1]);
      }
    }
    return 0;
  }

  /** Kills every process in {@code procs} and waits until the file lists none. */
  static void killAll(Path procs) {
    for (int attempt = 0; attempt < 50; attempt++) {
      List<Long> pids = new ArrayList<>();
      if (Files.exists(procs)) {
        for (String line : read(procs).split("\n")) {
          if (!line.isBlank()) {
            pids.add(Long.parseLong(line.trim()));
          }
        }
      }
      if (pids.isEmpty()) {
        return;
      }
      pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    throw new IllegalStateException("processes still in " + procs + " after 5 s of SIGKILL");
  }

  /** Removes a cgroup directory (and its children first) once it holds no process. */
  static void remove(Path dir) {
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (var children = Files.list(dir)) {
      for (Path child : children.filter(Files::isDirectory).toList()) {
        remove(child);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    killAll(dir.resolve("cgroup.procs"));
    try {
      Files.delete(dir); // rmdir: a cgroup's control files go with it
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove cgroup " + dir, e);
    }
  }
}
