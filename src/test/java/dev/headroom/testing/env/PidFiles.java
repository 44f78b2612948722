package dev.headroom.testing.env;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * One file per server process the tests start, outside {@code target/} so that {@code mvn clean}
 * does not lose it. When a test JVM is killed (Ctrl-C twice, a Failsafe timeout, {@code kill -9})
 * its shutdown hook never runs; the next JVM reads these files and kills what the dead one left, so
 * a stale etcd or apiserver never holds ports and memory.
 *
 * <p>A process is only killed when the JVM that started it is gone and the PID still names the same
 * executable started at the same instant: PIDs are reused, and another test JVM (another work tree)
 * may be running right now.
 */
final class PidFiles {
  private PidFiles() {}

  static Path dir() {
    Path dir =
        Path.of(
            System.getProperty("java.io.tmpdir"),
            "headroom-test-processes-" + System.getProperty("user.name"));
    try {
      return Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path write(String name, ProcessHandle child) {
    ProcessHandle self = ProcessHandle.current();
    Properties p = new Properties();
    p.setProperty("name", name);
    p.setProperty("pid", Long.toString(child.pid()));
    p.setProperty("start", startMillis(child).map(String::valueOf).orElse(""));
    p.setProperty("command", child.info().command().orElse(""));
    p.setProperty("owner", Long.toString(self.pid()));
    p.setProperty("ownerStart", startMillis(self).map(String::valueOf).orElse(""));
    Path file = dir().resolve(self.pid() + "-" + child.pid() + ".pid");
    try (Writer out = Files.newBufferedWriter(file)) {
      p.store(out, "a server process started by Headroom's tests; see PidFiles");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  /** Kills the processes of test JVMs that died without stopping them. */
  static void reapOrphans() {
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir(), "*.pid")) {
      for (Path file : files) {
        reap(file);
      }
    } catch (IOException e) {
      System.err.println("[headroom tests] cannot read PID files: " + e);
    }
  }

  private static void reap(Path file) throws IOException {
    Properties p = new Properties();
    try (Reader in = Files.newBufferedReader(file)) {
      p.load(in);
    } catch (IOException | IllegalArgumentException e) {
      Files.deleteIfExists(file);
      return;
    }
    if (matches(p.getProperty("owner"), p.getProperty("ownerStart"), null)) {
      return; // its JVM is still running and will stop it
    }
    Optional<ProcessHandle> orphan =
        handle(p.getProperty("pid"))
            .filter(h -> same(h, p.getProperty("start"), p.getProperty("command")));
    if (orphan.isPresent()) {
      ProcessHandle h = orphan.get();
      System.err.println(
          "[headroom tests] stopping "
              + p.getProperty("name")
              + " (pid "
              + h.pid()
              + ") left by a test JVM that was killed");
      h.destroy();
      try {
        h.onExit().get(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        h.destroyForcibly();
      }
    }
    Files.deleteIfExists(file);
  }

  private static boolean matches(String pid, String start, String command) {
    return handle(pid).filter(h -> same(h, start, command)).isPresent();
  }

  private static boolean same(ProcessHandle h, String start, String command) {
    boolean sameStart =
        start != null
            && !start.isEmpty()
            && startMillis(h).map(String::valueOf).orElse("").equals(start);
    boolean sameCommand = command == null || command.equals(h.info().command().orElse(null));
    return h.isAlive() && sameStart && sameCommand;
  }

  private static Optional<ProcessHandle> handle(String pid) {
    try {
      return ProcessHandle.of(Long.parseLong(pid));
    } catch (NumberFormatException | NullPointerException e) {
      return Optional.empty();
    }
  }

  private static Optional<Long> startMillis(ProcessHandle h) {
    return h.info().startInstant().map(Instant::toEpochMilli);
  }
}
