package dev.headroom.testing.prometheus;

import dev.headroom.testing.env.FreePorts;
import dev.headroom.testing.env.HttpProbe;
import dev.headroom.testing.env.ManagedProcess;
import dev.headroom.testing.env.Poll;
import dev.headroom.testing.env.Processes;
import dev.headroom.testing.env.TestEnvironment;
import dev.headroom.testing.env.TestRun;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A real vmauth (Debian sid's) on a free loopback port: the proxy VictoriaMetrics users put in
 * front of it to route by path and header. A test hands it its {@code -auth.config} YAML; that is
 * how it stands in for the tenant routing and path prefixes of Mimir, Cortex and VictoriaMetrics
 * cluster ({@code /select/<tenant>/prometheus}). Stopped with {@link #close} or at JVM exit; a
 * missing binary fails the test.
 */
public final class VmAuth implements AutoCloseable {
  static final String BINARY = "vmauth";

  private final URI baseUrl;
  private ManagedProcess process;

  private VmAuth(URI baseUrl) {
    this.baseUrl = baseUrl;
  }

  public static VmAuth start(String name, String authConfig) {
    TestEnvironment env = VictoriaMetricsServer.requireBinaries(BINARY);
    Path dir = TestRun.subdir("vmauth-" + name);
    Path config = dir.resolve("auth.yml");
    try {
      Files.writeString(config, authConfig);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    int port = FreePorts.pick();
    VmAuth auth = new VmAuth(URI.create("http://127.0.0.1:" + port));
    ManagedProcess started =
        Processes.start(
            "vmauth " + name,
            List.of(
                env.binaryPath(BINARY).toString(),
                "-auth.config=" + config,
                "-httpListenAddr=127.0.0.1:" + port),
            dir.resolve("vmauth.log"),
            Map.of());
    Processes.onExit("vmauth " + name, auth::close);
    HttpProbe http = HttpProbe.plain();
    Poll.until(
        Duration.ofSeconds(30),
        "vmauth " + auth.baseUrl + "/health",
        () -> {
          started.requireAlive();
          return http.ok(auth.baseUrl.resolve("/health"));
        });
    auth.process = started;
    return auth;
  }

  public URI baseUrl() {
    return baseUrl;
  }

  @Override
  public synchronized void close() {
    if (process != null) {
      process.stop(Duration.ofSeconds(5));
      process = null;
    }
  }
}
