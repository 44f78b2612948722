package dev.headroom.testing.env;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * Starts the tests' server processes and stops everything at JVM exit, newest first (a client
 * before its server, the apiserver before etcd). The first start also kills what a killed earlier
 * JVM left behind ({@link PidFiles}).
 */
public final class Processes {
  private static final Duration GRACE = Duration.ofSeconds(10);
  private static final Deque<Runnable> STOP_ON_EXIT = new ArrayDeque<>();
  private static boolean initialised;

  private Processes() {}

  /** Starts a process with its stdout and stderr in {@code log}. */
  public static synchronized ManagedProcess start(
      String name, List<String> command, Path log, Map<String, String> environment) {
    init();
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(environment);
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name + ": " + command, e);
    }
    Path pidFile = PidFiles.write(name, process.toHandle());
    ManagedProcess managed = new ManagedProcess(name, process, log, pidFile);
    STOP_ON_EXIT.push(() -> managed.stop(GRACE));
    return managed;
  }

  /** Runs {@code action} at JVM exit, before the processes started so far are stopped. */
  public static synchronized void onExit(String name, AutoCloseable action) {
    init();
    STOP_ON_EXIT.push(
        () -> {
          try {
            action.close();
          } catch (Exception e) {
            System.err.println("[headroom tests] closing " + name + " at exit: " + e);
          }
        });
  }

  private static void init() {
    if (initialised) {
      return;
    }
    initialised = true;
    PidFiles.reapOrphans();
    Runtime.getRuntime()
        .addShutdownHook(new Thread(Processes::stopAll, "headroom-test-servers-shutdown"));
  }

  private static void stopAll() {
    Runnable next;
    while ((next = poll()) != null) {
      try {
        next.run();
      } catch (RuntimeException e) {
        System.err.println("[headroom tests] at exit: " + e);
      }
    }
    TestRun.finish();
  }

  private static synchronized Runnable poll() {
    return STOP_ON_EXIT.poll();
  }
}
