package dev.headroom.signals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.headroom.api.v1alpha1.HttpHeader;
import dev.headroom.signals.Synthetic.Service;
import dev.headroom.signals.Synthetic.Shape;
import dev.headroom.signals.Synthetic.Traffic;
import dev.headroom.testing.env.FreePorts;
import dev.headroom.testing.prometheus.PrometheusServer;
import dev.headroom.testing.prometheus.VictoriaMetricsServer;
import dev.headroom.testing.prometheus.VmAuth;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Reading from the distributed backends' APIs as they are, on real servers: VictoriaMetrics
 * single-node under its {@code /prometheus} prefix; vmauth in front of it routing {@code
 * /select/0/prometheus} by {@code X-Scope-OrgID} to one tenant's series each (as Mimir, Cortex and
 * VictoriaMetrics cluster route tenants); a VictoriaMetrics whose {@code
 * -search.maxUniqueTimeseries} refuses the grouped query; a Prometheus whose failing remote read
 * makes its answers partial (the warning Thanos also sends for a store that did not answer).
 */
class DistributedBackendsIT {
  private static final SignalSettings SETTINGS =
      SignalSettings.defaults()
          .withScrapeInterval(Duration.ofSeconds(5))
          .withRetries(1, Duration.ofMillis(50), Duration.ofMillis(100));
  private static final Duration WINDOW = Duration.ofSeconds(10);
  private static final String THROUGHPUT =
      "budgets:\n  throughput: {minRequestsPerSecond: 1, window: 10s, metric: {preset: Micrometer}}\n";

  /** Scrape targets named {@code team-x-...} put their series in tenant {@code team-x}. */
  private static final String TENANT_FROM_TARGET =
      "      - source_labels: ["
          + PrometheusServer.TARGET_LABEL
          + "]\n"
          + "        regex: '(team-[a-z]+)-.*'\n"
          + "        target_label: tenant\n";

  private static final Traffic A = new Traffic(new long[] {4, 0, 0, 0, 0, 0}, 0.1);
  private static final Traffic B = new Traffic(new long[] {0, 9, 0, 0, 0, 0}, 0.9);
  private static final Traffic NONE = new Traffic(new long[] {0, 0, 0, 0, 0, 0}, 0);

  private static final List<AutoCloseable> OPEN = new ArrayList<>();
  private static VictoriaMetricsServer tenants;
  private static VictoriaMetricsServer limited;
  private static VmAuth auth;
  private static PrometheusServer remoteReading;
  private static final List<Service> TEAM_A =
      List.of(service("shop", "api", 1, A), service("shop", "cart", 1, A));
  private static final List<Service> TEAM_B = List.of(service("shop", "api", 1, B));
  private static final List<Service> LIMITS =
      List.of(
          service("lim-0", "api", 1, A),
          service("lim-1", "api", 1, A),
          service("lim-2", "api", 1, A),
          service("lim-3", "big", 5, A));

  private static Service service(String namespace, String name, int pods, Traffic traffic) {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < pods; i++) {
      names.add(Synthetic.pod(name, i + 1));
    }
    return new Service(Shape.MICROMETER, namespace, name, names, traffic, NONE, Map.of(), Map.of());
  }

  @BeforeAll
  static void start() throws Exception {
    tenants = open(VictoriaMetricsServer.start("tenants", TENANT_FROM_TARGET, List.of()));
    // 4 unique series per query at most: one per pod (status 200; there are no 5xx).
    limited =
        open(VictoriaMetricsServer.start("limited", "", List.of("-search.maxUniqueTimeseries=4")));
    auth = open(VmAuth.start("tenants", routes(tenants)));
    remoteReading =
        PrometheusServer.startWithConfig(
            "remote-read",
            "remote_read:\n"
                + "  - url: http://127.0.0.1:"
                + FreePorts.pick()
                + "/api/v1/read\n"
                + "    read_recent: true\n");
    List<ScrapedServices> scraped =
        List.of(
            open(new ScrapedServices(tenants, "team-a-services", TEAM_A)),
            open(new ScrapedServices(tenants, "team-b-services", TEAM_B)),
            open(new ScrapedServices(limited, "limits", LIMITS)),
            open(new ScrapedServices(remoteReading, "remote-read", TEAM_B)));
    // Each wait is a window long from its first scrape: waited for side by side, not in turn.
    ExecutorService waits = Executors.newFixedThreadPool(scraped.size());
    try {
      for (Future<ScrapedServices> filled :
          waits.invokeAll(
              scraped.stream()
                  .map(s -> (Callable<ScrapedServices>) () -> s.awaitFilled(WINDOW))
                  .toList())) {
        filled.get();
      }
    } finally {
      waits.shutdownNow();
    }
  }

  /** vmauth as a tenant-routing gateway: a known tenant's header reaches its series only. */
  private static String routes(VictoriaMetricsServer vm) {
    StringBuilder yaml = new StringBuilder("unauthorized_user:\n  url_map:\n");
    for (String tenant : List.of("team-a", "team-b")) {
      yaml.append("    - src_paths: ['/select/0/prometheus/api/v1/.+']\n")
          .append("      src_headers: ['X-Scope-OrgID: ")
          .append(tenant)
          .append("']\n")
          .append("      url_prefix: '")
          .append(vm.baseUrl())
          .append("/prometheus?extra_label=tenant=")
          .append(tenant)
          .append("'\n")
          .append("      drop_src_path_prefix_parts: 3\n");
    }
    return yaml.toString();
  }

  private static <T extends AutoCloseable> T open(T resource) {
    OPEN.add(0, resource);
    return resource;
  }

  @AfterAll
  static void stop() throws Exception {
    for (AutoCloseable resource : OPEN) {
      resource.close();
    }
    OPEN.clear();
    if (remoteReading != null) {
      remoteReading.stop();
    }
  }

  private static CycleResult read(EndpointConfig endpoint, String namespace, String... targets) {
    List<PolicyTarget> policies = new ArrayList<>();
    for (String target : targets) {
      policies.add(Policies.policy(namespace, target, target, endpoint, THROUGHPUT));
    }
    try (SignalReader reader = new SignalReader(SETTINGS, new PrometheusRegistry())) {
      return reader.readCycle(policies, Instant.now());
    }
  }

  private static PolicySignals policy(CycleResult cycle, String namespace, String name) {
    return cycle.policies().get(new PolicyId(namespace, name));
  }

  private static double rate(PolicySignals policy) {
    assertThat(policy.status().available()).as(policy.status().toString()).isTrue();
    return policy.signals().requestRate().orElseThrow().value();
  }

  private static EndpointConfig tenant(String orgId) {
    return EndpointConfig.of(auth.baseUrl() + "/select/0/prometheus")
        .withHeaders(List.of(new HttpHeader("X-Scope-OrgID", orgId)));
  }

  @Test
  void victoriaMetricsUnderItsPrometheusPrefixReadsEveryTenantsSeries() {
    CycleResult cycle = read(EndpointConfig.of(tenants.baseUrl() + "/prometheus"), "shop", "api");
    // No tenant routing in front: shop/api's series of both tenants add up.
    assertThat(rate(policy(cycle, "shop", "api")))
        .isCloseTo(
            TEAM_A.get(0).requestsPerSecond() + TEAM_B.get(0).requestsPerSecond(), within(0.5));
  }

  @Test
  void theTenantHeaderOnEveryRequestReadsThatTenantsSeriesOnly() {
    CycleResult a = read(tenant("team-a"), "shop", "api", "cart");
    assertThat(a.queriesIssued()).as("grouped: freshness and throughput").isEqualTo(2);
    assertThat(rate(policy(a, "shop", "api")))
        .isCloseTo(TEAM_A.get(0).requestsPerSecond(), within(0.2));
    assertThat(rate(policy(a, "shop", "cart")))
        .isCloseTo(TEAM_A.get(1).requestsPerSecond(), within(0.2));

    CycleResult b = read(tenant("team-b"), "shop", "api", "cart");
    assertThat(rate(policy(b, "shop", "api")))
        .isCloseTo(TEAM_B.get(0).requestsPerSecond(), within(0.2));
    PolicySignals cart = policy(b, "shop", "cart");
    assertThat(cart.status().reason()).as("team-b has no cart").isEqualTo("NoData");
    assertThat(cart.signals().requestRate()).isEmpty();
  }

  @Test
  void aTenantTheGatewayDoesNotKnowIsRefusedWithItsWords() {
    PolicySignals api = policy(read(tenant("team-c"), "shop", "api"), "shop", "api");
    assertThat(api.status().available()).isFalse();
    assertThat(api.status().message()).contains("missing route for");
    assertThat(api.signals().requestRate()).isEmpty();
  }

  @Test
  void aGroupedQueryOverTheSeriesLimitIsSplitAndOnlyTheTooLargeTargetGoesWithout() {
    CycleResult cycle;
    List<PolicyTarget> policies = new ArrayList<>();
    for (Service s : LIMITS) {
      policies.add(
          Policies.policy(
              s.namespace(),
              s.name(),
              s.name(),
              EndpointConfig.of(limited.baseUrl().toString()),
              THROUGHPUT));
    }
    try (SignalReader reader = new SignalReader(SETTINGS, new PrometheusRegistry())) {
      cycle = reader.readCycle(policies, Instant.now());
    }
    for (Service s : LIMITS.subList(0, 3)) {
      assertThat(rate(policy(cycle, s.namespace(), s.name())))
          .as(s.namespace())
          .isCloseTo(s.requestsPerSecond(), within(0.2));
    }
    PolicySignals big = policy(cycle, "lim-3", "big");
    assertThat(big.status().reason()).isEqualTo("QueryTooLarge");
    assertThat(big.status().message())
        .startsWith(
            "throughput: the backend's query-size limit (VictoriaMetrics"
                + " -search.maxUniqueTimeseries): ");
    assertThat(big.signals().requestRate()).isEmpty();
    // Per family (freshness, throughput): all 4 namespaces refused; lim-0+1 read, lim-2+3
    // refused; then lim-2 read and lim-3 refused on their own.
    assertThat(cycle.queriesIssued()).isEqualTo(2 * (1 + 2 + 2));
  }

  @Test
  void anAnswerMissingARemoteStoresDataIsPartialNotAValue() {
    PolicySignals api =
        policy(
            read(EndpointConfig.of(remoteReading.baseUrl().toString()), "shop", "api"),
            "shop",
            "api");
    assertThat(api.status().reason()).isEqualTo("PartialData");
    assertThat(api.status().message()).contains("partial data", "connection refused");
    assertThat(api.signals().requestRate()).isEmpty();
  }
}
