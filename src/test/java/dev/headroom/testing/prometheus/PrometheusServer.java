package dev.headroom.testing.prometheus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.headroom.testing.env.FreePorts;
import dev.headroom.testing.env.HttpProbe;
import dev.headroom.testing.env.ManagedProcess;
import dev.headroom.testing.env.Poll;
import dev.headroom.testing.env.Processes;
import dev.headroom.testing.env.TestEnvironment;
import dev.headroom.testing.env.TestRun;
import dev.headroom.testing.env.Unavailable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A real Prometheus ({@code bin/prometheus} of the test environment), one per test JVM, on a free
 * loopback port, with its storage under the run directory. It scrapes every second, and its targets
 * come from files ({@code file_sd_configs}), so a test registers an endpoint at run time with
 * {@link #scrape} and Prometheus picks it up within a second or two, without a reload.
 */
public final class PrometheusServer implements ScrapingServer {
  public static final Duration SCRAPE_INTERVAL = Duration.ofSeconds(1);

  /** Every scraped series carries this label, set to the name the test registered it under. */
  public static final String TARGET_LABEL = "headroom_test";

  /** Prometheus built from Go modules by scripts/test-env.sh, with kubernetes_sd_configs. */
  static final String DISCOVERING_BINARY = "prometheus-sd";

  private String binary = "prometheus";

  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static PrometheusServer shared;
  private static RuntimeException startFailure;
  private static PrometheusServer sharedV3;
  private static RuntimeException startFailureV3;

  private final URI baseUrl;
  private final Path targets;
  private final HttpProbe http = HttpProbe.plain();
  private TestEnvironment env;
  private Path dir;
  private ManagedProcess process;

  private PrometheusServer(URI baseUrl, Path targets) {
    this.baseUrl = baseUrl;
    this.targets = targets;
  }

  public static synchronized PrometheusServer shared() {
    if (shared != null) {
      return shared;
    }
    if (startFailure != null) {
      throw new IllegalStateException(
          "Prometheus failed to start earlier in this JVM", startFailure);
    }
    TestEnvironment env = TestEnvironment.locate();
    Optional<String> why = env.whyMissing("prometheus");
    if (why.isPresent()) {
      throw Unavailable.skipOrFail(
          "Prometheus",
          why.get(),
          "run `bash scripts/test-env.sh`, which installs Prometheus with the other test servers");
    }
    try {
      shared = start(env, TestRun.subdir("prometheus"));
      return shared;
    } catch (RuntimeException e) {
      TestRun.markFailed();
      startFailure = e;
      throw e;
    }
  }

  /**
   * The JVM's shared Prometheus of {@code release}: Debian's 2.42 ({@link #shared()}), or the 3.x
   * built from Go modules ({@code bin/prometheus-sd}), started on first use beside it, so the
   * signals tests run against both API generations.
   */
  public static PrometheusServer shared(PrometheusRelease release) {
    return release == PrometheusRelease.V2 ? shared() : sharedV3();
  }

  private static synchronized PrometheusServer sharedV3() {
    if (sharedV3 != null) {
      return sharedV3;
    }
    if (startFailureV3 != null) {
      throw new IllegalStateException(
          "Prometheus 3 failed to start earlier in this JVM", startFailureV3);
    }
    TestEnvironment env = TestEnvironment.locate();
    Optional<String> why = env.whyMissing(DISCOVERING_BINARY);
    if (why.isPresent()) {
      // Never skipped: a run that silently drops the 3.x half would claim coverage it lacks.
      throw new IllegalStateException(
          "Prometheus 3 (bin/"
              + DISCOVERING_BINARY
              + ") is not available: "
              + why.get()
              + env.property("prometheus-sd.error").map(e -> " (" + e + ")").orElse("")
              + ". To fix: run `bash scripts/test-env.sh`, which builds it from"
              + " test-env/prometheus-sd");
    }
    try {
      Path dir = TestRun.subdir("prometheus-v3");
      PrometheusServer server = prepare(dir, Optional.empty());
      server.binary = DISCOVERING_BINARY;
      server.launch(env, dir);
      String version = server.version();
      if (!version.startsWith("3.")) {
        throw new IllegalStateException(
            "bin/" + DISCOVERING_BINARY + " reports version " + version + ", not a Prometheus 3");
      }
      sharedV3 = server; // stopped at JVM exit with every process Processes started
      return sharedV3;
    } catch (RuntimeException e) {
      TestRun.markFailed();
      startFailureV3 = e;
      throw e;
    }
  }

  private static PrometheusServer start(TestEnvironment env, Path dir) {
    return start(env, dir, Optional.empty());
  }

  private static PrometheusServer start(
      TestEnvironment env, Path dir, Optional<KubernetesDiscovery> discovery) {
    PrometheusServer server = prepare(dir, discovery);
    // Debian's Prometheus leaves Kubernetes discovery out; the one built from Go modules has it.
    server.binary = discovery.isPresent() ? DISCOVERING_BINARY : "prometheus";
    server.launch(env, dir);
    return server;
  }

  /** The configuration written and a port chosen; not started. */
  private static PrometheusServer prepare(Path dir, Optional<KubernetesDiscovery> discovery) {
    Path targets = dir.resolve("targets");
    Path config = dir.resolve("prometheus.yml");
    try {
      Files.createDirectories(targets);
      Files.writeString(
          config, config(targets) + discovery.map(KubernetesDiscovery::jobs).orElse(""));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new PrometheusServer(URI.create("http://127.0.0.1:" + FreePorts.pick()), targets);
  }

  /**
   * A Prometheus of the calling test's own, which it may {@link #stop} and {@link #restart} (the
   * shared one must stay up for the other tests). Stopped when the JVM exits.
   */
  public static PrometheusServer startPrivate(String name) {
    return startPrivate(name, Optional.empty());
  }

  /**
   * A private Prometheus whose configuration also has {@code topLevel} (YAML keys beside {@code
   * scrape_configs}, e.g. a {@code remote_read} section).
   */
  public static PrometheusServer startWithConfig(String name, String topLevel) {
    shared();
    Path dir = TestRun.subdir("prometheus-" + name);
    PrometheusServer server = prepare(dir, Optional.empty());
    try {
      Files.writeString(dir.resolve("prometheus.yml"), topLevel, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.launch(TestEnvironment.locate(), dir);
    Processes.onExit("prometheus " + name, server::stop);
    return server;
  }

  /**
   * A private Prometheus that also finds its targets as production configurations do: the pods
   * annotated {@code prometheus.io/scrape: "true"} (at {@code prometheus.io/port} and {@code
   * prometheus.io/path}, labelled {@code namespace} and {@code pod}) and every node's kubelet
   * {@code /metrics/cadvisor} over TLS, through {@code kubernetes_sd_configs} against the cluster's
   * apiserver.
   */
  public static PrometheusServer startDiscovering(String name, KubernetesDiscovery discovery) {
    return startPrivate(name, Optional.of(discovery));
  }

  private static PrometheusServer startPrivate(
      String name, Optional<KubernetesDiscovery> discovery) {
    shared(); // the same checks and the same "why it is missing" message as the shared one
    TestEnvironment env = TestEnvironment.locate();
    if (discovery.isPresent()) {
      env.whyMissing(DISCOVERING_BINARY)
          .ifPresent(
              why -> {
                throw Unavailable.skipOrFail(
                    "Prometheus with kubernetes_sd_configs",
                    why + env.property("prometheus-sd.error").map(e -> " (" + e + ")").orElse(""),
                    "run `bash scripts/test-env.sh` (it builds Prometheus from"
                        + " test-env/prometheus-sd; Debian's build has no Kubernetes discovery)");
              });
    }
    PrometheusServer server = start(env, TestRun.subdir("prometheus-" + name), discovery);
    Processes.onExit("prometheus " + name, server::stop);
    return server;
  }

  private synchronized void launch(TestEnvironment env, Path dir) {
    this.env = env;
    this.dir = dir;
    ManagedProcess started =
        Processes.start(
            "prometheus",
            List.of(
                env.binaryPath(binary).toString(),
                "--config.file=" + dir.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + baseUrl.getPort()),
            dir.resolve("prometheus.log"),
            Map.of());
    Poll.until(
        START_TIMEOUT,
        "Prometheus " + baseUrl + "/-/ready",
        () -> {
          started.requireAlive();
          return http.ok(baseUrl.resolve("/-/ready"));
        });
    process = started;
  }

  /** Stops the server as an outage would: nothing answers on its port until {@link #restart}. */
  public synchronized void stop() {
    if (this == shared || this == sharedV3) {
      throw new IllegalStateException("the shared Prometheus serves every test; use startPrivate");
    }
    if (process != null) {
      process.stop(Duration.ofSeconds(10));
      process = null;
    }
  }

  /** Starts a stopped server again on the same port, with the same storage and targets. */
  public synchronized void restart() {
    if (process == null) {
      launch(env, dir);
    }
  }

  /** One job whose targets are the JSON files in {@code targets}, re-read every second. */
  static String config(Path targets) {
    return "global:\n"
        + "  scrape_interval: 1s\n"
        + "  scrape_timeout: 1s\n"
        + "  evaluation_interval: 1s\n"
        + "scrape_configs:\n"
        + "  - job_name: headroom-tests\n"
        + "    file_sd_configs:\n"
        + "      - files: ['"
        + targets.resolve("*.json")
        + "']\n"
        + "        refresh_interval: 1s\n";
  }

  public URI baseUrl() {
    return baseUrl;
  }

  /**
   * Where and as whom Prometheus lists pods and nodes, and the client certificate it shows the
   * kubelets.
   *
   * @param apiServer the apiserver's URL
   * @param caFile the cluster CA (PEM): the apiserver's and the kubelets' certificates
   * @param certFile a client certificate the apiserver and the kubelets accept
   * @param keyFile its key
   */
  public record KubernetesDiscovery(URI apiServer, Path caFile, Path certFile, Path keyFile) {
    String jobs() {
      String tls =
          "{ca_file: '%s', cert_file: '%s', key_file: '%s'}".formatted(caFile, certFile, keyFile);
      return """
            - job_name: kubernetes-pods
              kubernetes_sd_configs:
                - {role: pod, api_server: '%1$s', tls_config: %2$s}
              relabel_configs:
                - source_labels: [__meta_kubernetes_pod_annotation_prometheus_io_scrape]
                  action: keep
                  regex: 'true'
                - source_labels: [__address__, __meta_kubernetes_pod_annotation_prometheus_io_port]
                  action: replace
                  regex: '([^:]+)(?::\\d+)?;(\\d+)'
                  replacement: '$1:$2'
                  target_label: __address__
                - source_labels: [__meta_kubernetes_pod_annotation_prometheus_io_path]
                  action: replace
                  regex: '(.+)'
                  target_label: __metrics_path__
                - {source_labels: [__meta_kubernetes_namespace], target_label: namespace}
                - {source_labels: [__meta_kubernetes_pod_name], target_label: pod}
            - job_name: kubernetes-cadvisor
              scheme: https
              metrics_path: /metrics/cadvisor
              tls_config: %2$s
              kubernetes_sd_configs:
                - {role: node, api_server: '%1$s', tls_config: %2$s}
          """
          .formatted(apiServer, tls);
    }
  }

  /**
   * Starts scraping {@code endpoint} (an http URL on this machine, path included); its series get
   * {@code headroom_test="<name>"}. Close the result to stop.
   */
  public ScrapeTarget scrape(String name, URI endpoint) {
    return scrape(name, endpoint, SCRAPE_INTERVAL);
  }

  /**
   * Starts scraping {@code endpoint} every {@code interval} (Prometheus' {@code
   * __scrape_interval__} target label); its timeout is the interval's, up to 10 s.
   */
  @Override
  public ScrapeTarget scrape(String name, URI endpoint, Duration interval) {
    return register(targets, name, endpoint, interval);
  }

  /** Writes the file-discovery file of one target into {@code targets}. */
  static ScrapeTarget register(Path targets, String name, URI endpoint, Duration interval) {
    if (!name.matches("[a-zA-Z0-9_-]+")) {
      throw new IllegalArgumentException("a target name is a file name: " + name);
    }
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(TARGET_LABEL, name);
    labels.put("__metrics_path__", endpoint.getRawPath());
    labels.put("__scheme__", endpoint.getScheme());
    if (!interval.equals(SCRAPE_INTERVAL)) {
      labels.put("__scrape_interval__", interval.toSeconds() + "s");
      labels.put("__scrape_timeout__", Math.min(10, interval.toSeconds()) + "s");
    }
    Map<String, Object> group =
        Map.of("targets", List.of(endpoint.getHost() + ":" + endpoint.getPort()), "labels", labels);
    Path file = targets.resolve(name + ".json");
    Path temporary = targets.resolve(name + ".json.tmp");
    try {
      // Written beside and moved into place, so Prometheus never reads half a file.
      Files.writeString(temporary, JSON.writeValueAsString(List.of(group)));
      Files.move(
          temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new ScrapeTarget(name, file);
  }

  /** An instant query now; the samples of the resulting vector (or the scalar, as one sample). */
  @Override
  public List<Sample> query(String promql) {
    return instantQuery(http, baseUrl, promql);
  }

  /**
   * An instant query of any Prometheus-compatible API at {@code baseUrl} (path prefix included).
   */
  static List<Sample> instantQuery(HttpProbe http, URI baseUrl, String promql) {
    URI uri =
        URI.create(
            baseUrl + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
    var response = http.get(uri);
    JsonNode body;
    try {
      body = JSON.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException("not JSON from " + uri + ": " + response.body(), e);
    }
    if (response.statusCode() != 200 || !"success".equals(body.path("status").asText())) {
      throw new IllegalStateException(
          "query " + promql + " failed: HTTP " + response.statusCode() + " " + response.body());
    }
    JsonNode data = body.path("data");
    List<Sample> samples = new ArrayList<>();
    if ("scalar".equals(data.path("resultType").asText())) {
      samples.add(new Sample(Map.of(), Double.parseDouble(data.path("result").get(1).asText())));
      return samples;
    }
    for (JsonNode series : data.path("result")) {
      Map<String, String> labels = new LinkedHashMap<>();
      series
          .path("metric")
          .properties()
          .forEach(f -> labels.put(f.getKey(), f.getValue().asText()));
      samples.add(new Sample(labels, Double.parseDouble(series.path("value").get(1).asText())));
    }
    return samples;
  }

  /** The Prometheus version, from its build-info endpoint. */
  public String version() {
    try {
      return JSON.readTree(http.get(baseUrl.resolve("/api/v1/status/buildinfo")).body())
          .path("data")
          .path("version")
          .asText();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * One series of a query result.
   *
   * @param labels its labels
   * @param value its value at the query time
   */
  public record Sample(Map<String, String> labels, double value) {
    public Sample {
      labels = Map.copyOf(labels);
    }
  }
}
