package dev.headroom.testing.process;

import dev.headroom.testing.env.ManagedProcess;
import dev.headroom.testing.env.Processes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code headroom run} in a JVM of its own, on the test classpath and a cluster's kubeconfig: an
 * operator a test can SIGKILL, SIGTERM or read the log of, as a pod's would be. The log goes to
 * {@code <headroom.testLogs.dir>/<name>.log} (default {@code target/test-env}).
 */
public final class ChildOperator {
  private ChildOperator() {}

  /**
   * @param name the process's and its log's name
   * @param jvmOptions e.g. {@code -Xmx192m}, a logback configuration
   * @param runArguments the arguments of {@code headroom run}, in parts
   */
  @SafeVarargs
  public static ManagedProcess start(
      String name, Path kubeconfig, List<String> jvmOptions, List<String>... runArguments)
      throws IOException {
    Path logs = Path.of(System.getProperty("headroom.testLogs.dir", "target/test-env"));
    Files.createDirectories(logs);
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-XX:TieredStopAtLevel=1");
    command.addAll(jvmOptions);
    command.addAll(
        List.of("-cp", System.getProperty("java.class.path"), "dev.headroom.cli.Main", "run"));
    for (List<String> part : runArguments) {
      command.addAll(part);
    }
    return Processes.start(
        name,
        command,
        logs.resolve(name + ".log"),
        Map.of("KUBECONFIG", kubeconfig.toAbsolutePath().toString()));
  }

  /** The arguments of {@code headroom run} for leader election on this Lease, as this replica. */
  public static List<String> leaderElection(
      String lease,
      String namespace,
      String identity,
      Duration leaseDuration,
      Duration renewDeadline,
      Duration retryPeriod) {
    return List.of(
        "--leader-election",
        "--lease-name=" + lease,
        "--lease-namespace=" + namespace,
        "--identity=" + identity,
        "--lease-duration=" + leaseDuration.toMillis() + "ms",
        "--renew-deadline=" + renewDeadline.toMillis() + "ms",
        "--retry-period=" + retryPeriod.toMillis() + "ms");
  }
}
