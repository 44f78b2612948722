package dev.headroom.bench;

import dev.headroom.api.v1alpha1.PerformancePolicySpec;
import dev.headroom.signals.CycleResult;
import dev.headroom.signals.EndpointConfig;
import dev.headroom.signals.PolicyId;
import dev.headroom.signals.PolicyTarget;
import dev.headroom.signals.SignalReader;
import dev.headroom.signals.SignalSettings;
import dev.headroom.signals.SyntheticFleet;
import dev.headroom.testing.env.FreePorts;
import dev.headroom.testing.env.TestEnvironment;
import dev.headroom.testing.prometheus.MetricsEndpoint;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Queries per cycle and cycle time of the signals layer against a real Prometheus, for 1,000 and
 * 10,000 policies (not a test: run {@code scripts/bench-signals.sh}; the figures go into
 * docs/benchmarks-signals.md). For each size it starts a private Prometheus from the test
 * environment's binary, serves synthetic services over the five presets plus cAdvisor series from
 * sharded endpoints, waits until a rate window is filled, then runs grouped cycles (and one cycle
 * with a query per policy) and prints what they cost.
 *
 * <p>Arguments: policy counts (default {@code 1000 10000}); {@code --per-policy-max N} runs the
 * per-policy cycle only up to N policies (default 1000).
 */
public final class SignalsBenchmark {
  private static final Duration SCRAPE = Duration.ofSeconds(10);
  private static final int POLICIES_PER_SHARD = 1000;
  private static final int BATCHED_CYCLES = 5;

  private SignalsBenchmark() {}

  public static void main(String[] args) throws Exception {
    List<Integer> sizes = new ArrayList<>();
    int perPolicyMax = 1000;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--per-policy-max")) {
        perPolicyMax = Integer.parseInt(args[++i]);
      } else {
        sizes.add(Integer.parseInt(args[i]));
      }
    }
    if (sizes.isEmpty()) {
      sizes = List.of(1000, 10000);
    }
    System.out.printf(
        Locale.ROOT,
        "%s, %d cores, Java %s; Prometheus scrapes every %ds; each policy: p95, average, error"
            + " rate, throughput (one of 5 presets) and CPU%n",
        Instant.now(),
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"),
        SCRAPE.toSeconds());
    for (int size : sizes) {
      run(size, size <= perPolicyMax);
    }
  }

  private static void run(int policies, boolean perPolicy) throws Exception {
    SyntheticFleet fleet = SyntheticFleet.of(policies, "1m");
    List<MetricsEndpoint> shards = new ArrayList<>();
    List<URI> targets = new ArrayList<>();
    long start = System.nanoTime();
    for (int from = 0; from < policies; from += POLICIES_PER_SHARD) {
      int to = Math.min(policies, from + POLICIES_PER_SHARD);
      var slice = fleet.services().subList(from, to);
      MetricsEndpoint shard =
          MetricsEndpoint.serve(
              () -> SyntheticFleet.exposition(slice, 1 + (System.nanoTime() - start) / 1e9));
      shards.add(shard);
      targets.add(shard.uri());
    }
    Path dir = Files.createTempDirectory("headroom-bench-signals-");
    int port = FreePorts.pick();
    Process prometheus = startPrometheus(dir, port, targets);
    try {
      URI base = URI.create("http://127.0.0.1:" + port);
      awaitScrapes(base, targets.size());
      SignalSettings settings = SignalSettings.defaults().withScrapeInterval(SCRAPE);
      List<PolicyTarget> list = new ArrayList<>();
      EndpointConfig endpoint = EndpointConfig.of(base.toString());
      for (int i = 0; i < policies; i++) {
        PerformancePolicySpec spec = fleet.specs().get(i);
        list.add(new PolicyTarget(new PolicyId(fleet.namespace(i), "p" + i), spec, endpoint));
      }
      try (SignalReader reader = new SignalReader(settings, new PrometheusRegistry())) {
        CycleResult warmUp = reader.readCycle(list, Instant.now());
        long[] millis = new long[BATCHED_CYCLES];
        int queries = 0;
        CycleResult last = warmUp;
        for (int c = 0; c < BATCHED_CYCLES; c++) {
          last = reader.readCycle(list, Instant.now());
          millis[c] = last.elapsed().toMillis();
          queries = last.queriesIssued();
        }
        Arrays.sort(millis);
        System.out.printf(
            Locale.ROOT,
            "%,d policies, batched:    %d queries/cycle, cycle time median %d ms (min %d, max %d)"
                + " over %d cycles; %d of %d policies with every signal%n",
            policies,
            queries,
            millis[BATCHED_CYCLES / 2],
            millis[0],
            millis[BATCHED_CYCLES - 1],
            BATCHED_CYCLES,
            available(last),
            policies);
      }
      if (perPolicy) {
        try (SignalReader reader =
            new SignalReader(settings.withBatching(false), new PrometheusRegistry())) {
          CycleResult cycle = reader.readCycle(list, Instant.now());
          System.out.printf(
              Locale.ROOT,
              "%,d policies, per policy: %d queries/cycle, cycle time %d ms; %d of %d policies"
                  + " with every signal%n",
              policies,
              cycle.queriesIssued(),
              cycle.elapsed().toMillis(),
              available(cycle),
              policies);
        }
      } else {
        System.out.printf(
            Locale.ROOT,
            "%,d policies, per policy: not run (%d queries; --per-policy-max to run it)%n",
            policies,
            policies * 7);
      }
    } finally {
      prometheus.destroy();
      if (!prometheus.waitFor(10, TimeUnit.SECONDS)) {
        prometheus.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
      shards.forEach(MetricsEndpoint::close);
      deleteTree(dir);
    }
  }

  private static long available(CycleResult cycle) {
    return cycle.policies().values().stream().filter(p -> p.status().available()).count();
  }

  private static Process startPrometheus(Path dir, int port, List<URI> targets) throws IOException {
    Path binary =
        TestEnvironment.locate()
            .binary("prometheus")
            .orElseThrow(
                () -> new IllegalStateException("no Prometheus: run bash scripts/test-env.sh"));
    StringBuilder config =
        new StringBuilder()
            .append("global:\n  scrape_interval: ")
            .append(SCRAPE.toSeconds())
            .append("s\n  scrape_timeout: ")
            .append(SCRAPE.toSeconds())
            .append(
                "s\nscrape_configs:\n  - job_name: bench\n    static_configs:\n      - targets: [");
    for (int i = 0; i < targets.size(); i++) {
      config.append(i == 0 ? "'" : ", '").append(targets.get(i).getAuthority()).append("'");
    }
    config.append("]\n");
    Files.writeString(dir.resolve("prometheus.yml"), config);
    Process process =
        new ProcessBuilder(
                binary.toString(),
                "--config.file=" + dir.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("prometheus.log").toFile())
            .start();
    Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
    return process;
  }

  /** Until every shard was scraped, then two more scrapes so rates have data. */
  private static void awaitScrapes(URI base, int shards) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
    while (System.nanoTime() < deadline) {
      try {
        String body =
            http.send(
                    HttpRequest.newBuilder(
                            base.resolve(
                                "/api/v1/query?query="
                                    + URLEncoder.encode(
                                        "count(count_over_time(up[1m]) >= 3 and up == 1)",
                                        StandardCharsets.UTF_8)))
                        .build(),
                    HttpResponse.BodyHandlers.ofString())
                .body();
        if (body.contains("\"" + shards + "\"]")) {
          return;
        }
      } catch (IOException e) {
        // not up yet
      }
      Thread.sleep(1000);
    }
    throw new IllegalStateException("Prometheus did not scrape all " + shards + " shards in time");
  }

  private static void deleteTree(Path dir) throws IOException {
    try (var paths = Files.walk(dir)) {
      paths.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
    }
  }
}
