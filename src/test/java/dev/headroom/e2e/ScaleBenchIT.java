package dev.headroom.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headroom.api.v1alpha1.PerformancePolicy;
import dev.headroom.signals.ScrapedServices;
import dev.headroom.signals.Synthetic.Service;
import dev.headroom.signals.SyntheticFleet;
import dev.headroom.testing.cluster.CrdInstaller;
import dev.headroom.testing.cluster.LocalControlPlane;
import dev.headroom.testing.env.FreePorts;
import dev.headroom.testing.env.Poll;
import dev.headroom.testing.fixtures.TestObjects;
import dev.headroom.testing.prometheus.PrometheusServer;
import dev.headroom.testing.prometheus.RealPrometheus;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Issue 18's benchmark: N policies, each on its own Deployment (no pods: the control plane runs no
 * controller-manager here), on the local apiserver and etcd, with the real Prometheus scraping a
 * synthetic exporter that serves every Deployment's histogram, error and cAdvisor series (15 s
 * scrapes), and the operator as its own process ({@code java -jar target/headroom.jar run}) so its
 * CPU and heap are its own. After a warm-up of four intervals it measures five intervals of 30 s:
 * Prometheus queries and their time, operator CPU and heap after a full GC, apiserver requests by
 * verb and resource (from the apiserver's own {@code apiserver_request_total}: the operator is its
 * only client meanwhile), status bytes per policy, and the evaluation lag. Not part of {@code
 * ./mvnw verify}: {@code scripts/bench-scale.sh} runs it ({@code
 * -Dheadroom.bench.policies=1000,5000}, the default). The figures go to standard output and {@code
 * target/bench-scale.txt}.
 */
@RealPrometheus
class ScaleBenchIT {
  private static final Duration INTERVAL = Duration.ofSeconds(30);
  private static final int WARM_UP_INTERVALS = 4;
  private static final int MEASURED_INTERVALS = 5;
  private static final Duration SCRAPE = Duration.ofSeconds(15);
  private static final int SERVICES_PER_ENDPOINT = 1000;
  private static final Path CRD = Path.of("crds/performancepolicies.headroom.dev.yaml");
  private static final Path JAR = Path.of("target/headroom.jar");
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  record Figures(
      int policies,
      double readsPerInterval,
      double queriesPerInterval,
      double queryMillisPerInterval,
      double cpuCores,
      double heapMiB,
      double rssMiB,
      Map<String, Double> apiserverPerSecond,
      double statusWritesPerPolicyPerInterval,
      double statusBytesPerPolicy,
      double engineStateBytesPerPolicy,
      double lagP50Seconds,
      double lagP99Seconds,
      int evaluated) {}

  @Test
  void manyPoliciesOnOneOperator(PrometheusServer prometheus) throws Exception {
    assertThat(JAR)
        .as("run `./mvnw package -DskipTests` first (scripts/bench-scale.sh does)")
        .exists();
    LocalControlPlane plane = LocalControlPlane.shared();
    KubernetesClient client = plane.client();
    CrdInstaller.install(client, CRD);
    List<Figures> all = new ArrayList<>();
    for (String n : System.getProperty("headroom.bench.policies", "1000,5000").split(",")) {
      Figures figures = run(plane, prometheus, Integer.parseInt(n.trim()));
      all.add(figures);
      report(all);
      assertThat(figures.evaluated())
          .as("every policy was evaluated with its metrics read")
          .isEqualTo(figures.policies());
      assertThat(figures.lagP99Seconds()).as("lag was measured").isNotNaN();
    }
  }

  private static Figures run(LocalControlPlane plane, PrometheusServer prometheus, int n)
      throws Exception {
    KubernetesClient client = plane.client();
    SyntheticFleet fleet = SyntheticFleet.of(n, "1m");
    // Namespaces of this size's own: no namespace controller runs here to delete the last ones.
    String prefix = "s" + n + "-";
    List<Service> services =
        fleet.services().stream()
            .map(
                s ->
                    new Service(
                        s.shape(),
                        prefix + s.namespace(),
                        s.name(),
                        s.pods(),
                        s.ok(),
                        s.errors(),
                        s.coresPerContainer(),
                        s.bytesPerContainer()))
            .toList();
    System.out.printf(
        "[scale] %d policies in %d namespaces: creating Deployments and policies%n",
        n, fleet.namespaces());
    create(client, services, fleet);
    // A thousand services per endpoint, as scripts/bench-signals.sh shards them: one exposition of
    // 5,000 services (about 20 MB) takes longer to make and scrape than Prometheus waits.
    List<ScrapedServices> exporters = new ArrayList<>();
    for (int from = 0; from < services.size(); from += SERVICES_PER_ENDPOINT) {
      exporters.add(
          new ScrapedServices(
              prometheus,
              "scale-" + n + "-" + from,
              services.subList(from, Math.min(services.size(), from + SERVICES_PER_ENDPOINT)),
              SCRAPE));
    }
    // Scraped all at once: the last one filling its window means the others have.
    for (int i = 0; i < exporters.size(); i++) {
      exporters
          .get(i)
          .awaitFilled(i == exporters.size() - 1 ? Duration.ofMinutes(1) : Duration.ZERO);
    }
    try (OperatorProcess operator = OperatorProcess.start(plane, prometheus, n)) {
      Thread.sleep(INTERVAL.multipliedBy(WARM_UP_INTERVALS).toMillis());
      Map<String, Double> operatorBefore = operator.metrics();
      Map<String, Double> apiBefore = apiserverRequests(client);
      long started = System.nanoTime();
      Thread.sleep(INTERVAL.multipliedBy(MEASURED_INTERVALS).toMillis());
      double seconds = (System.nanoTime() - started) / 1e9;
      Map<String, Double> operatorAfter = operator.metrics();
      Map<String, Double> apiAfter = apiserverRequests(client);
      double heapMiB = operator.heapAfterGcMiB();
      double intervals = seconds / INTERVAL.toSeconds();

      Map<String, Double> api = new TreeMap<>();
      apiAfter.forEach(
          (k, v) -> {
            double d = v - apiBefore.getOrDefault(k, 0.0);
            if (d > 0) {
              api.put(k, d / seconds);
            }
          });
      double statusPatches =
          api.entrySet().stream()
              .filter(e -> e.getKey().matches("(APPLY|PATCH|PUT) performancepolicies/status"))
              .mapToDouble(Map.Entry::getValue)
              .sum();
      long statusBytes = 0;
      long engineBytes = 0;
      int evaluated = 0;
      KubernetesSerialization json = new KubernetesSerialization();
      for (PerformancePolicy p :
          client.resources(PerformancePolicy.class).inAnyNamespace().list().getItems()) {
        if (p.getStatus() == null) {
          continue;
        }
        statusBytes += json.asJson(p.getStatus()).getBytes(StandardCharsets.UTF_8).length;
        if (p.getStatus().engineState() != null) {
          engineBytes +=
              p.getStatus().engineState().toString().getBytes(StandardCharsets.UTF_8).length;
        }
        boolean read =
            p.getStatus().conditions().stream()
                .anyMatch(c -> c.type().equals("MetricsAvailable") && c.status().equals("True"));
        evaluated += read ? 1 : 0;
      }
      double[] lag = lagQuantiles(operatorBefore, operatorAfter);
      return new Figures(
          n,
          delta(operatorBefore, operatorAfter, "headroom_signal_cycle_duration_seconds_count")
              / intervals,
          delta(operatorBefore, operatorAfter, "headroom_prometheus_queries_total") / intervals,
          1000
              * delta(
                  operatorBefore, operatorAfter, "headroom_prometheus_query_duration_seconds_sum")
              / intervals,
          delta(operatorBefore, operatorAfter, "process_cpu_seconds_total") / seconds,
          heapMiB,
          operatorAfter.getOrDefault("process_resident_memory_bytes", Double.NaN) / (1 << 20),
          api,
          statusPatches * INTERVAL.toSeconds() / n,
          statusBytes / (double) n,
          engineBytes / (double) n,
          lag[0],
          lag[1],
          evaluated);
    } finally {
      exporters.forEach(ScrapedServices::close);
      // The next size's operator watches every namespace: it must not find these.
      for (String namespace : services.stream().map(Service::namespace).distinct().toList()) {
        client.resources(PerformancePolicy.class).inNamespace(namespace).delete();
        client.apps().deployments().inNamespace(namespace).delete();
      }
    }
  }

  /** The services' namespaces, a Deployment per service and its policy (the fleet's spec). */
  private static void create(KubernetesClient client, List<Service> services, SyntheticFleet fleet)
      throws Exception {
    for (String namespace : services.stream().map(Service::namespace).distinct().toList()) {
      client
          .namespaces()
          .resource(
              new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
          .create();
    }
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int i = 0; i < services.size(); i++) {
        Service service = services.get(i);
        PerformancePolicy policy = new PerformancePolicy();
        policy.setMetadata(
            new ObjectMetaBuilder()
                .withName(service.name())
                .withNamespace(service.namespace())
                .build());
        policy.setSpec(fleet.specs().get(i));
        done.add(
            pool.submit(
                () -> {
                  // One Ready replica, the one pod the exporter serves: no controller-manager
                  // runs here to make pods or report them.
                  Deployment made =
                      client
                          .resource(
                              TestObjects.deployment(
                                  service.namespace(),
                                  service.name(),
                                  1,
                                  Map.of("cpu", "400m", "memory", "256Mi"),
                                  Map.of(),
                                  Map.of()))
                          .create();
                  made.setStatus(
                      new DeploymentStatusBuilder()
                          .withReplicas(1)
                          .withReadyReplicas(1)
                          .withAvailableReplicas(1)
                          .withUpdatedReplicas(1)
                          .withObservedGeneration(made.getMetadata().getGeneration())
                          .build());
                  client.resource(made).updateStatus();
                  client.resource(policy).create();
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** The apiserver's request counters, by "VERB resource/subresource". */
  private static Map<String, Double> apiserverRequests(KubernetesClient client) {
    String text = client.raw("/metrics");
    Map<String, Double> out = new TreeMap<>();
    Pattern line = Pattern.compile("^apiserver_request_total\\{([^}]*)\\} ([0-9.e+]+)$");
    for (String l : text.split("\n")) {
      Matcher m = line.matcher(l);
      if (!m.matches()) {
        continue;
      }
      Map<String, String> labels = labels(m.group(1));
      String key =
          labels.getOrDefault("verb", "?")
              + " "
              + labels.getOrDefault("resource", "")
              + (labels.getOrDefault("subresource", "").isEmpty()
                  ? ""
                  : "/" + labels.get("subresource"));
      out.merge(key, Double.parseDouble(m.group(2)), Double::sum);
    }
    return out;
  }

  private static Map<String, String> labels(String text) {
    Map<String, String> out = new LinkedHashMap<>();
    Matcher m = Pattern.compile("(\\w+)=\"([^\"]*)\"").matcher(text);
    while (m.find()) {
      out.put(m.group(1), m.group(2));
    }
    return out;
  }

  private static double delta(Map<String, Double> before, Map<String, Double> after, String name) {
    return sum(after, name) - sum(before, name);
  }

  private static double sum(Map<String, Double> metrics, String name) {
    return metrics.entrySet().stream()
        .filter(e -> e.getKey().equals(name) || e.getKey().startsWith(name + "{"))
        .mapToDouble(Map.Entry::getValue)
        .sum();
  }

  /** p50 and p99 of the lag histogram's increase, interpolated inside buckets. */
  private static double[] lagQuantiles(Map<String, Double> before, Map<String, Double> after) {
    TreeMap<Double, Double> buckets = new TreeMap<>();
    Pattern le = Pattern.compile("headroom_evaluation_lag_seconds_bucket\\{le=\"([^\"]+)\"\\}");
    after.forEach(
        (k, v) -> {
          Matcher m = le.matcher(k);
          if (m.matches()) {
            double bound =
                m.group(1).equals("+Inf")
                    ? Double.POSITIVE_INFINITY
                    : Double.parseDouble(m.group(1));
            buckets.put(bound, v - before.getOrDefault(k, 0.0));
          }
        });
    return new double[] {quantile(buckets, 0.5), quantile(buckets, 0.99)};
  }

  private static double quantile(TreeMap<Double, Double> cumulative, double q) {
    if (cumulative.isEmpty()) {
      return Double.NaN;
    }
    double total = cumulative.lastEntry().getValue();
    if (total <= 0) {
      return Double.NaN;
    }
    double rank = q * total;
    double lower = 0;
    double below = 0;
    for (var e : cumulative.entrySet()) {
      if (e.getValue() >= rank) {
        if (e.getKey().isInfinite()) {
          return lower;
        }
        double inBucket = e.getValue() - below;
        return inBucket <= 0
            ? e.getKey()
            : lower + (e.getKey() - lower) * (rank - below) / inBucket;
      }
      lower = e.getKey();
      below = e.getValue();
    }
    return lower;
  }

  private static void report(List<Figures> all) throws IOException {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "%nScale benchmark: %d s interval, %d measured intervals after %d of warm-up%n",
            INTERVAL.toSeconds(),
            MEASURED_INTERVALS,
            WARM_UP_INTERVALS));
    out.append(
        "| policies | reads / interval | queries / interval | query time / interval | operator cores | heap after GC | RSS"
            + " | status writes / policy / interval | status bytes / policy | engineState bytes"
            + " / policy | lag p50 | lag p99 | evaluated with metrics |\n");
    out.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (Figures f : all) {
      out.append(
          String.format(
              Locale.ROOT,
              "| %,d | %.1f | %.1f | %.0f ms | %.3f | %.0f MiB | %.0f MiB | %.3f | %.0f | %.0f | %.2f s | %.2f s"
                  + " | %,d |%n",
              f.policies(),
              f.readsPerInterval(),
              f.queriesPerInterval(),
              f.queryMillisPerInterval(),
              f.cpuCores(),
              f.heapMiB(),
              f.rssMiB(),
              f.statusWritesPerPolicyPerInterval(),
              f.statusBytesPerPolicy(),
              f.engineStateBytesPerPolicy(),
              f.lagP50Seconds(),
              f.lagP99Seconds(),
              f.evaluated()));
    }
    for (Figures f : all) {
      out.append(
          String.format(
              Locale.ROOT, "%napiserver requests per second, %,d policies:%n", f.policies()));
      f.apiserverPerSecond()
          .forEach((k, v) -> out.append(String.format(Locale.ROOT, "  %-45s %8.2f%n", k, v)));
    }
    System.out.println(out);
    Files.writeString(Path.of("target/bench-scale.txt"), out.toString());
  }

  /** The operator as its own process, watching one namespace. */
  private static final class OperatorProcess implements AutoCloseable {
    private final Process process;
    private final int port;

    private OperatorProcess(Process process, int port) {
      this.process = process;
      this.port = port;
    }

    /** The operator, watching every namespace as a cluster's one autoscaler does. */
    static OperatorProcess start(LocalControlPlane plane, PrometheusServer prometheus, int n)
        throws IOException {
      int port = FreePorts.pick();
      String java = ProcessHandle.current().info().command().orElse("java");
      // Beside the report, kept after a passing run too.
      Path log = Path.of("target/bench-scale-operator-" + n + ".log");
      ProcessBuilder builder =
          new ProcessBuilder(
                  java,
                  "-Xmx1g",
                  "-jar",
                  JAR.toString(),
                  "run",
                  "--prometheus-url=" + prometheus.baseUrl(),
                  "--http-port=" + port,
                  "--scrape-interval=" + SCRAPE.toSeconds() + "s")
              .redirectErrorStream(true)
              .redirectOutput(log.toFile());
      builder.environment().put("KUBECONFIG", plane.kubeconfig().toString());
      Process process = builder.start();
      OperatorProcess started = new OperatorProcess(process, port);
      Poll.until(
          Duration.ofMinutes(2),
          "the operator to answer /readyz (log " + log + ")",
          () -> started.get("/readyz").map(code -> true).orElse(false));
      return started;
    }

    Optional<Integer> get(String path) {
      try {
        return Optional.of(
                HTTP.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                            .build(),
                        HttpResponse.BodyHandlers.discarding())
                    .statusCode())
            .filter(code -> code == 200);
      } catch (IOException e) {
        return Optional.empty();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Optional.empty();
      }
    }

    Map<String, Double> metrics() throws IOException, InterruptedException {
      String text =
          HTTP.send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      Map<String, Double> out = new LinkedHashMap<>();
      for (String line : text.split("\n")) {
        if (line.startsWith("#") || line.isBlank()) {
          continue;
        }
        int space = line.lastIndexOf(' ');
        try {
          out.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        } catch (NumberFormatException e) {
          // not a sample line
        }
      }
      return out;
    }

    double heapAfterGcMiB() throws IOException, InterruptedException {
      new ProcessBuilder("jcmd", Long.toString(process.pid()), "GC.run")
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start()
          .waitFor();
      return metrics().getOrDefault("jvm_memory_used_bytes{area=\"heap\"}", Double.NaN) / (1 << 20);
    }

    @Override
    public void close() {
      process.destroy();
      try {
        process.waitFor();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
      }
    }
  }
}
