package dev.headroom.testing.process;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command that runs a main class of the test classpath in a JVM of its own, sized for a
 * container of a fraction of a core and tens of MiB: serial GC, a small heap, C1 only (a throttled
 * container spends its quota on the work, not on C2), no perf data file.
 */
public final class JavaCommand {
  private JavaCommand() {}

  public static List<String> of(String mainClass, String maxHeap) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(
        List.of(
            "-XX:+UseSerialGC",
            "-Xmx" + maxHeap,
            "-Xss512k",
            "-XX:TieredStopAtLevel=1",
            "-XX:MaxMetaspaceSize=64m",
            "-XX:ReservedCodeCacheSize=24m",
            "-XX:-UsePerfData",
            "-cp",
            System.getProperty("java.class.path"),
            mainClass));
    return command;
  }
}
