package dev.headroom.signals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

import dev.headroom.engine.ContainerUsage;
import dev.headroom.engine.Signals;
import dev.headroom.signals.Synthetic.Service;
import dev.headroom.signals.Synthetic.Shape;
import dev.headroom.signals.Synthetic.Traffic;
import dev.headroom.testing.prometheus.PrometheusServer;
import dev.headroom.testing.prometheus.RealPrometheus;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every preset, cAdvisor's resource signals and custom templates against the real Prometheus: each
 * quantile, average, error rate and throughput is what Prometheus' own interpolation of the served
 * histograms gives (computed independently by ClassicHistogram), millisecond presets come back in
 * seconds, and pods of other Deployments and namespaces are not counted.
 */
@RealPrometheus
class SignalPresetsIT {
  static final String NS = "presets-it";
  static final Duration WINDOW = Duration.ofSeconds(10);
  static final SignalSettings SETTINGS =
      SignalSettings.defaults()
          .withScrapeInterval(Duration.ofSeconds(5))
          .withUsageHistory(Duration.ofSeconds(20), Duration.ofSeconds(2), Duration.ofSeconds(5));

  /** Different traffic per preset, so a query that read another preset's series would show. */
  static Traffic ok(int i) {
    return new Traffic(new long[] {10 + 5L * i, 30, 35 - 3L * i, 20, 4 + i, 1}, 23.4 + i);
  }

  static Traffic errors(int i) {
    return new Traffic(new long[] {0, 0, 1 + i, 2, 1, 1}, 4.1 + i);
  }

  static final Map<Shape, String> TARGETS =
      Map.of(
          Shape.PROMETHEUS_HISTOGRAM, "checkout",
          Shape.MICROMETER, "api",
          Shape.ISTIO, "cart",
          Shape.NGINX_INGRESS, "web",
          Shape.LINKERD, "search");

  static final Map<Shape, String> PRESETS =
      Map.of(
          Shape.PROMETHEUS_HISTOGRAM,
              "{preset: PrometheusHistogram, metric: checkout_request_duration_seconds}",
          Shape.MICROMETER, "{preset: Micrometer}",
          Shape.ISTIO, "{preset: Istio}",
          Shape.NGINX_INGRESS, "{preset: NginxIngress}",
          Shape.LINKERD, "{preset: Linkerd}");

  static final List<Service> SERVICES = new ArrayList<>();
  static ScrapedServices scraped;

  @BeforeAll
  static void serve(PrometheusServer prometheus) {
    SERVICES.clear(); // filled again when a subclass runs these tests on another Prometheus
    for (Shape shape : Shape.values()) {
      String name = TARGETS.get(shape);
      SERVICES.add(
          new Service(
              shape,
              NS,
              name,
              List.of(Synthetic.pod(name, 1), Synthetic.pod(name, 2)),
              ok(shape.ordinal()),
              errors(shape.ordinal()),
              Map.of("app", 0.25, "sidecar", 0.05),
              Map.of("app", 300e6, "sidecar", 20e6)));
    }
    // Decoys: another Deployment whose name extends "api", and "api" in another namespace.
    Traffic slow = new Traffic(new long[] {0, 0, 0, 0, 0, 50}, 200);
    SERVICES.add(
        new Service(
            Shape.MICROMETER,
            NS,
            "api-v2",
            List.of(Synthetic.pod("api-v2", 3)),
            slow,
            slow,
            Map.of("app", 3.0),
            Map.of("app", 9e9)));
    SERVICES.add(
        new Service(
            Shape.MICROMETER,
            "other-it",
            "api",
            List.of(Synthetic.pod("api", 4)),
            slow,
            slow,
            Map.of("app", 3.0),
            Map.of("app", 9e9)));
    scraped = new ScrapedServices(prometheus, "signal-presets", SERVICES).awaitFilled(WINDOW);
  }

  @AfterAll
  static void stop() {
    if (scraped != null) {
      scraped.close();
    }
  }

  static String spec(Shape shape) {
    String metric = PRESETS.get(shape);
    return "budgets:\n"
        + "  latency:\n"
        + "    - {name: p50, percentile: 0.5, target: 1s, window: 10s, metric: "
        + metric
        + "}\n"
        + "    - {name: p95, percentile: 0.95, target: 1s, window: 10s, metric: "
        + metric
        + "}\n"
        + "    - {name: p99, percentile: 0.99, target: 1s, window: 10s, metric: "
        + metric
        + "}\n"
        + "    - {name: avg, statistic: Average, target: 1s, window: 10s, metric: "
        + metric
        + "}\n"
        + "  errorRate: {targetPercent: 1, window: 10s}\n"
        + "  throughput: {minRequestsPerSecond: 1, window: 10s}\n"
        + "  cpu: {targetUtilizationPercent: 50, window: 10s}\n"
        + "  memory: {targetPeak: 1Gi}\n"
        + "resources: {mode: Requests}\n";
  }

  static List<PolicyTarget> policies(PrometheusServer prometheus) {
    EndpointConfig endpoint = EndpointConfig.of(prometheus.baseUrl().toString());
    List<PolicyTarget> policies = new ArrayList<>();
    for (Shape shape : Shape.values()) {
      policies.add(Policies.policy(NS, shape.name(), TARGETS.get(shape), endpoint, spec(shape)));
    }
    policies.add(
        Policies.policy(
            NS,
            "custom",
            "cart",
            endpoint,
            "budgets:\n"
                + "  latency:\n"
                + "    - name: p90\n"
                + "      percentile: 0.9\n"
                + "      target: 1s\n"
                + "      window: 10s\n"
                + "      metric:\n"
                + "        query: >-\n"
                + "          histogram_quantile(0.9, sum by (le) (rate(istio_request_duration_milliseconds_bucket{\n"
                + "          destination_workload_namespace=\"{{namespace}}\", destination_workload=\"{{target}}\"}[{{window}}])))\n"
                + "          / 1000\n"
                + "  errorRate:\n"
                + "    targetPercent: 1\n"
                + "    window: 10s\n"
                + "    metric:\n"
                + "      query: >-\n"
                + "        sum(rate(istio_request_duration_milliseconds_count{destination_workload_namespace=\"{{namespace}}\",\n"
                + "        pod=~\"{{pod}}\", response_code=~\"5..\"}[{{window}}]))\n"
                + "        / sum(rate(istio_request_duration_milliseconds_count{destination_workload_namespace=\"{{namespace}}\",\n"
                + "        pod=~\"{{pod}}\"}[{{window}}]))\n"
                + "  throughput:\n"
                + "    minRequestsPerSecond: 1\n"
                + "    window: 10s\n"
                + "    metric:\n"
                + "      query: sum(rate(istio_request_duration_milliseconds_count{destination_workload=\"{{target}}\"}[{{window}}]))\n"));
    return policies;
  }

  @Test
  void everyPresetReadsWhatPrometheusInterpolatesInSecondsBatchedAndPerPolicy(
      PrometheusServer prometheus) {
    for (boolean batching : new boolean[] {true, false}) {
      try (SignalReader reader =
          new SignalReader(SETTINGS.withBatching(batching), new PrometheusRegistry())) {
        CycleResult cycle = reader.readCycle(policies(prometheus), Instant.now());
        SoftAssertions softly = new SoftAssertions();
        for (Service service : SERVICES.subList(0, Shape.values().length)) {
          PolicySignals read = cycle.policies().get(new PolicyId(NS, service.shape().name()));
          String as = service.shape() + (batching ? " batched" : " per policy");
          softly.assertThat(read.status().available()).as(as + ": " + read.status()).isTrue();
          expect(softly, as, read.signals(), service);
        }
        PolicySignals custom = cycle.policies().get(new PolicyId(NS, "custom"));
        Service cart = SERVICES.get(Shape.ISTIO.ordinal());
        softly.assertThat(custom.status().available()).as("custom: " + custom.status()).isTrue();
        softly
            .assertThat(custom.signals().latencyQuantileSeconds().get(0.9).value())
            .as("custom p90")
            .isCloseTo(cart.histogram().quantile(0.9), withinPercentage(1));
        softly
            .assertThat(custom.signals().errorRatio().orElseThrow().value())
            .as("custom error ratio")
            .isCloseTo(cart.errorRatio(), withinPercentage(1));
        softly
            .assertThat(custom.signals().requestRate().orElseThrow().value())
            .as("custom throughput")
            .isCloseTo(cart.requestsPerSecond(), withinPercentage(3));
        softly.assertAll();
      }
    }
  }

  static void expect(SoftAssertions softly, String as, Signals signals, Service service) {
    for (double q : new double[] {0.5, 0.95, 0.99}) {
      softly
          .assertThat(signals.latencyQuantileSeconds().get(q).value())
          .as(as + " p" + q)
          .isCloseTo(service.histogram().quantile(q), withinPercentage(1));
    }
    softly
        .assertThat(signals.latencyAverageSeconds().orElseThrow().value())
        .as(as + " average")
        .isCloseTo(service.averageSeconds(), withinPercentage(1));
    softly
        .assertThat(signals.errorRatio().orElseThrow().value())
        .as(as + " error ratio")
        .isCloseTo(service.errorRatio(), withinPercentage(1));
    softly
        .assertThat(signals.requestRate().orElseThrow().value())
        .as(as + " throughput")
        .isCloseTo(service.requestsPerSecond(), withinPercentage(3));
    softly
        .assertThat(signals.cpuCoresPerPod().orElseThrow().value())
        .as(as + " cpu per pod")
        .isCloseTo(service.cpuPerPod(), withinPercentage(3));
    softly
        .assertThat(signals.memoryBytesPerPod().orElseThrow().value())
        .as(as + " memory per pod")
        .isEqualTo(service.memoryPerPod());
    softly
        .assertThat(signals.containers())
        .as(as + " containers")
        .containsOnlyKeys("app", "sidecar");
    ContainerUsage app = signals.containers().get("app");
    if (app != null) {
      softly
          .assertThat(app.cpuCoresHigh())
          .as(as + " app cpu p95")
          .isCloseTo(0.25, withinPercentage(3));
      softly.assertThat(app.memoryPeakBytes()).as(as + " app memory peak").isEqualTo(300_000_000L);
      softly
          .assertThat(app.throttledRatio())
          .as(as + " app throttled")
          .isCloseTo(0.2, withinPercentage(1));
    }
  }

  @Test
  void theTemplatesOfAPolicyAreJudgedByPrometheus(PrometheusServer prometheus) {
    try (SignalReader reader = new SignalReader(SETTINGS, new PrometheusRegistry())) {
      PolicyTarget custom =
          policies(prometheus).stream()
              .filter(p -> p.id().name().equals("custom"))
              .findFirst()
              .orElseThrow();
      assertThat(reader.validateTemplates(custom, Instant.now()))
          .hasSize(3)
          .allSatisfy(v -> assertThat(v.valid()).as(v.toString()).isTrue());
    }
  }
}
