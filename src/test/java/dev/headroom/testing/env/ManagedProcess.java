package dev.headroom.testing.env;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A server process started by the tests: its output goes to a log file, its PID to a PID file (so a
 * killed JVM's leftovers are found by the next run), and it is stopped with SIGTERM, then SIGKILL
 * if it does not exit within the grace period. Start it through {@link Processes#start}.
 */
public final class ManagedProcess {
  private final String name;
  private final Process process;
  private final Path log;
  private final Path pidFile;

  ManagedProcess(String name, Process process, Path log, Path pidFile) {
    this.name = name;
    this.process = process;
    this.log = log;
    this.pidFile = pidFile;
  }

  public String name() {
    return name;
  }

  public long pid() {
    return process.pid();
  }

  public Path log() {
    return log;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** The exit status once the process has exited. */
  public java.util.OptionalInt exitCode() {
    return process.isAlive()
        ? java.util.OptionalInt.empty()
        : java.util.OptionalInt.of(process.exitValue());
  }

  /** Throws with the end of the log if the process has exited; call it while waiting for it. */
  public void requireAlive() {
    if (!process.isAlive()) {
      throw new IllegalStateException(
          name
              + " exited with code "
              + process.exitValue()
              + "; end of "
              + log
              + ":\n"
              + logTail(25));
    }
  }

  public String logTail(int lines) {
    try {
      List<String> all = Files.readAllLines(log);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException | UncheckedIOException e) {
      return "(log unreadable: " + e + ")";
    }
  }

  /** SIGTERM, wait up to the grace period, then SIGKILL; removes the PID file. */
  public void stop(Duration grace) {
    if (process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
          process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
    try {
      Files.deleteIfExists(pidFile);
    } catch (IOException e) {
      // the next run's reaper finds the process gone and removes the file
    }
  }

  @Override
  public String toString() {
    return name + " (pid " + pid() + ", log " + log + ")";
  }
}
