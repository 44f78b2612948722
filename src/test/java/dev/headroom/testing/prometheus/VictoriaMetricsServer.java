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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A real single-node VictoriaMetrics ({@code bin/victoria-metrics}, Debian sid's build) of the
 * calling test's own, on a free loopback port with its storage under the run directory. Like {@link
 * PrometheusServer} it scrapes every second from file-discovery targets registered at run time;
 * {@code relabel} adds relabelling rules to its one job (e.g. a {@code tenant} label taken from the
 * target's name). Samples are visible to queries at once ({@code -search.latencyOffset=0s}, no
 * result cache), so a test reads what was just scraped. Stopped with {@link #close} or at JVM exit.
 * A missing binary fails the test: VictoriaMetrics is part of the test environment.
 */
public final class VictoriaMetricsServer implements ScrapingServer, AutoCloseable {
  static final String BINARY = "victoria-metrics";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  private final URI baseUrl;
  private final Path targets;
  private final HttpProbe http = HttpProbe.plain();
  private ManagedProcess process;

  private VictoriaMetricsServer(URI baseUrl, Path targets) {
    this.baseUrl = baseUrl;
    this.targets = targets;
  }

  /**
   * Starts one.
   *
   * @param name names its directory and log
   * @param relabel YAML list items for the scrape job's {@code relabel_configs}, or empty
   * @param flags extra command-line flags, e.g. {@code -search.maxUniqueTimeseries=4}
   */
  public static VictoriaMetricsServer start(String name, String relabel, List<String> flags) {
    TestEnvironment env = requireBinaries(BINARY);
    Path dir = TestRun.subdir("victoria-metrics-" + name);
    Path targets = dir.resolve("targets");
    Path config = dir.resolve("scrape.yml");
    try {
      Files.createDirectories(targets);
      Files.writeString(config, config(targets, relabel));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    int port = FreePorts.pick();
    VictoriaMetricsServer server =
        new VictoriaMetricsServer(URI.create("http://127.0.0.1:" + port), targets);
    List<String> command =
        new ArrayList<>(
            List.of(
                env.binaryPath(BINARY).toString(),
                "-storageDataPath=" + dir.resolve("data"),
                "-httpListenAddr=127.0.0.1:" + port,
                "-retentionPeriod=1d",
                "-promscrape.config=" + config,
                "-promscrape.fileSDCheckInterval=1s",
                "-search.latencyOffset=0s",
                "-search.disableCache",
                // Its own series would add to the unique series a limit test counts.
                "-selfScrapeInterval=0"));
    command.addAll(flags);
    ManagedProcess started =
        Processes.start("victoria-metrics " + name, command, dir.resolve("vm.log"), Map.of());
    Processes.onExit("victoria-metrics " + name, server::close);
    HttpProbe http = HttpProbe.plain();
    Poll.until(
        START_TIMEOUT,
        "VictoriaMetrics " + server.baseUrl + "/health",
        () -> {
          started.requireAlive();
          return http.ok(server.baseUrl.resolve("/health"));
        });
    server.process = started;
    return server;
  }

  /** The environment, or a failure that names what is missing and how to install it. */
  static TestEnvironment requireBinaries(String... names) {
    TestEnvironment env = TestEnvironment.locate();
    env.whyMissing(names)
        .ifPresent(
            why -> {
              // Never skipped: the distributed-backend tests must not pass by not running.
              throw new IllegalStateException(
                  "VictoriaMetrics is not available: "
                      + why
                      + ". To fix: run `bash scripts/test-env.sh`, which extracts Debian sid's"
                      + " victoria-metrics package (victoria-metrics and vmauth)");
            });
    return env;
  }

  static String config(Path targets, String relabel) {
    return "global:\n"
        + "  scrape_interval: 1s\n"
        + "  scrape_timeout: 1s\n"
        + "scrape_configs:\n"
        + "  - job_name: headroom-tests\n"
        + "    file_sd_configs:\n"
        + "      - files: ['"
        + targets.resolve("*.json")
        + "']\n"
        + (relabel.isBlank() ? "" : "    relabel_configs:\n" + relabel.stripTrailing() + "\n");
  }

  /** The single-node API's root; {@code /api/v1/query} and {@code /prometheus/api/v1/query}. */
  public URI baseUrl() {
    return baseUrl;
  }

  @Override
  public ScrapeTarget scrape(String name, URI endpoint, Duration interval) {
    return PrometheusServer.register(targets, name, endpoint, interval);
  }

  @Override
  public List<PrometheusServer.Sample> query(String promql) {
    return PrometheusServer.instantQuery(http, baseUrl, promql);
  }

  @Override
  public synchronized void close() {
    if (process != null) {
      process.stop(Duration.ofSeconds(10));
      process = null;
    }
  }
}
