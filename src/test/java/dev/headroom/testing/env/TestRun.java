package dev.headroom.testing.env;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * This JVM's directory for server logs, certificates and data: {@code
 * <headroom.testLogs.dir>/run-<time>-<pid>/}, created on first use. It is deleted at the end of a
 * run in which every test that used a real server passed, and kept (and its path printed) when one
 * failed, so the logs of a failure are there to read. Older kept runs beyond the newest few are
 * pruned.
 */
public final class TestRun {
  public static final String LOGS_PROPERTY = "headroom.testLogs.dir";
  private static final int KEPT_RUNS = 5;

  private static Path dir;
  private static volatile boolean failed;

  private TestRun() {}

  public static Path root() {
    String configured = System.getProperty(LOGS_PROPERTY);
    return (configured == null || configured.isBlank()
            ? Path.of("target", "test-env")
            : Path.of(configured))
        .toAbsolutePath();
  }

  public static synchronized Path dir() {
    if (dir == null) {
      try {
        Files.createDirectories(root());
        pruneOldRuns();
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        dir =
            Files.createDirectories(
                root().resolve("run-" + stamp + "-" + ProcessHandle.current().pid()));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create the test run directory under " + root(), e);
      }
    }
    return dir;
  }

  /** A subdirectory of this run's directory, created. */
  public static Path subdir(String name) {
    try {
      return Files.createDirectories(dir().resolve(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Called by the extensions when a test that used a real server failed: keep the logs. */
  /**
   * Starts a shared server before a test class. A missing server is not reported here: each test's
   * own start-up skips (or, on CI, fails) it with the reason, which the reports then count. Any
   * other failure keeps this run's logs and is rethrown.
   */
  public static void startBeforeAll(Runnable start) {
    try {
      start.run();
    } catch (org.opentest4j.TestAbortedException e) {
      // Reported per test, see above.
    } catch (RuntimeException | Error e) {
      markFailed();
      throw e;
    }
  }

  public static synchronized void markFailed() {
    if (!failed && dir != null) {
      // Said now, not at exit: Failsafe no longer shows what a shutdown hook prints.
      System.err.println("[headroom tests] a test failed: server logs will be kept in " + dir);
    }
    failed = true;
  }

  /** At JVM exit, after every server stopped: delete the run directory unless a test failed. */
  static synchronized void finish() {
    if (dir == null) {
      return;
    }
    if (!failed) {
      deleteTree(dir);
    }
  }

  private static void pruneOldRuns() throws IOException {
    List<Path> runs;
    try (Stream<Path> children = Files.list(root())) {
      runs =
          children
              .filter(p -> p.getFileName().toString().startsWith("run-") && Files.isDirectory(p))
              .sorted(Comparator.comparing((Path p) -> p.getFileName().toString()).reversed())
              .toList();
    }
    for (Path old : runs.subList(Math.min(KEPT_RUNS - 1, runs.size()), runs.size())) {
      deleteTree(old);
    }
  }

  static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      System.err.println("[headroom tests] could not delete " + root + ": " + e);
    }
  }
}
