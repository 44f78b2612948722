package dev.headroom.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headroom.api.v1alpha1.PerformancePolicy;
import dev.headroom.api.v1alpha1.PolicyCondition;
import dev.headroom.runtime.HeadroomOperator;
import dev.headroom.runtime.OperatorConfig;
import dev.headroom.testing.cluster.CrdInstaller;
import dev.headroom.testing.cluster.RealCluster;
import dev.headroom.testing.cluster.TestNamespace;
import dev.headroom.testing.env.Poll;
import dev.headroom.testing.fixtures.TestObjects;
import dev.headroom.testing.prometheus.MetricsEndpoint;
import dev.headroom.testing.prometheus.PrometheusServer;
import dev.headroom.testing.prometheus.RealPrometheus;
import dev.headroom.testing.prometheus.ScrapeTarget;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The whole loop against real servers: a service's latency histogram scraped by a real Prometheus,
 * the operator reading it through the signals layer, deciding, and scaling a Deployment on a real
 * apiserver — or, with Prometheus unreachable, changing nothing and saying why.
 */
@RealCluster(workloads = true)
@RealPrometheus
class ClosedLoopIT {
  private static final Duration WAIT = Duration.ofSeconds(120);
  private static final Path CRD = Path.of("crds/performancepolicies.headroom.dev.yaml");

  /** A name the Deployment's pods could have (ReplicaSet hash, then a 5-character suffix). */
  private static final String POD = "web-5d9f7b8c6d-x7k2p";

  /**
   * 40 requests a second whose latency puts 90 % under 1 s and the rest under 2.5 s: p95 is 1 s +
   * (0.95 − 0.9) / 0.1 × 1.5 s = 1.75 s by Prometheus' interpolation, against a 200 ms budget.
   */
  private static String slowService(String namespace, long startedNanos) {
    double seconds = (System.nanoTime() - startedNanos) / 1e9 + 60;
    long count = Math.round(40 * seconds);
    double[] bounds = {0.1, 0.25, 0.5, 1.0, 2.5};
    double[] shares = {0.1, 0.2, 0.4, 0.9, 1.0};
    String labels = "namespace=\"" + namespace + "\",pod=\"" + POD + "\",status=\"200\"";
    StringBuilder text = new StringBuilder("# TYPE http_server_requests_seconds histogram\n");
    for (int i = 0; i < bounds.length; i++) {
      text.append(
          String.format(
              Locale.ROOT,
              "http_server_requests_seconds_bucket{%s,le=\"%s\"} %d%n",
              labels,
              bounds[i],
              Math.round(count * shares[i])));
    }
    text.append(
        String.format(
            Locale.ROOT,
            "http_server_requests_seconds_bucket{%s,le=\"+Inf\"} %d%n"
                + "http_server_requests_seconds_sum{%s} %.3f%n"
                + "http_server_requests_seconds_count{%s} %d%n",
            labels,
            count,
            labels,
            count * 0.6,
            labels,
            count));
    // What the kubelet's cAdvisor shows of the same pod: half a core busy, 200 MiB in use.
    String container = "namespace=\"" + namespace + "\",pod=\"" + POD + "\",container=\"app\"";
    text.append(
        String.format(
            Locale.ROOT,
            "# TYPE container_cpu_usage_seconds_total counter%n"
                + "container_cpu_usage_seconds_total{%s} %.3f%n"
                + "# TYPE container_memory_working_set_bytes gauge%n"
                + "container_memory_working_set_bytes{%s} %d%n",
            container,
            0.5 * seconds,
            container,
            200L << 20));
    return text.toString();
  }

  private static PerformancePolicy policy(String ns, String prometheus) {
    return new KubernetesSerialization()
        .unmarshal(
            """
            apiVersion: headroom.dev/v1alpha1
            kind: PerformancePolicy
            metadata: {name: web-budget, namespace: %s}
            spec:
              targetRef: {name: web}
              mode: Enforce
              evaluationInterval: 15s
              budgets:
                latency:
                  - name: p95
                    percentile: 0.95
                    target: 200ms
                    window: 1m
                    metric: {preset: Micrometer}
              scaling: {minReplicas: 1, maxReplicas: 10}
            %s
            """
                .formatted(ns, prometheus),
            PerformancePolicy.class);
  }

  @Test
  void aSlowServiceIsScaledUpFromWhatPrometheusShows(
      KubernetesClient client, TestNamespace namespace, PrometheusServer prometheus)
      throws Exception {
    String ns = namespace.name();
    long started = System.nanoTime();
    CrdInstaller.install(client, CRD);
    try (MetricsEndpoint endpoint = MetricsEndpoint.serve(() -> slowService(ns, started));
        ScrapeTarget target = prometheus.scrape("web-" + ns, endpoint.uri());
        HeadroomOperator operator =
            HeadroomOperator.start(
                new OperatorConfig(prometheus.baseUrl(), Set.of(ns), 0), client)) {
      Poll.value(
          WAIT,
          "Prometheus has the service's latency",
          () ->
              prometheus
                  .query("http_server_requests_seconds_count{namespace=\"" + ns + "\"}")
                  .stream()
                  .findFirst());
      client.resource(TestObjects.deployment(ns, "web", 2, "64Mi", Map.of())).create();
      client.resource(policy(ns, "")).create();

      Deployment scaled =
          Poll.value(
              WAIT,
              "web scaled up",
              () ->
                  Optional.ofNullable(
                          client.apps().deployments().inNamespace(ns).withName("web").get())
                      .filter(d -> d.getSpec().getReplicas() > 2));
      assertThat(scaled.getSpec().getReplicas()).isLessThanOrEqualTo(10);
      // The Deployment is scaled before the status that reports it is written: wait for that.
      PerformancePolicy reported =
          TestObjects.awaitPolicy(
              client,
              ns,
              "web-budget",
              WAIT,
              "the scale-up reported in status",
              p ->
                  p.getStatus() != null
                      && p.getStatus().history() != null
                      && !p.getStatus().history().isEmpty());
      PolicyCondition metrics = condition(reported, ConditionTypes.METRICS_AVAILABLE);
      assertThat(metrics.status())
          .as(metrics.reason() + ": " + metrics.message())
          .isEqualTo("True");
      assertThat(condition(reported, ConditionTypes.BUDGETS_MET).status()).isEqualTo("False");
      assertThat(reported.getStatus().violations())
          .singleElement()
          .satisfies(
              v -> {
                assertThat(v.budget()).isEqualTo("latency/p95");
                // 1.75 s once Prometheus has a few scrapes; the first evaluation may come after
                // two, whose rounded counts interpolate a hundredth or two away.
                assertThat(v.observed()).matches("1\\.7[0-9]s");
              });
    }
  }

  @Test
  void withPrometheusUnreachableNothingChangesAndTheReasonIsShown(
      KubernetesClient client, TestNamespace namespace, PrometheusServer prometheus)
      throws Exception {
    String ns = namespace.name();
    CrdInstaller.install(client, CRD);
    try (HeadroomOperator operator =
        HeadroomOperator.start(new OperatorConfig(prometheus.baseUrl(), Set.of(ns), 0), client)) {
      client.resource(TestObjects.deployment(ns, "web", 2, "64Mi", Map.of())).create();
      // The policy's own Prometheus: a loopback port nothing listens on.
      client.resource(policy(ns, "  prometheus: {url: \"http://127.0.0.1:9\"}")).create();

      PerformancePolicy reported =
          TestObjects.awaitPolicy(
              client,
              ns,
              "web-budget",
              WAIT,
              "MetricsAvailable=False",
              p ->
                  TestObjects.condition(p, ConditionTypes.METRICS_AVAILABLE)
                      .map(c -> c.status().equals("False"))
                      .orElse(false));
      PolicyCondition metrics = condition(reported, ConditionTypes.METRICS_AVAILABLE);
      assertThat(metrics.reason()).isNotBlank().isNotEqualTo("MetricsRead");
      assertThat(metrics.message()).contains("127.0.0.1:9");
      Deployment web = client.apps().deployments().inNamespace(ns).withName("web").get();
      assertThat(web.getSpec().getReplicas()).isEqualTo(2);
      assertThat(web.getMetadata().getManagedFields())
          .noneMatch(f -> "headroom".equals(f.getManager()));
    }
  }

  private static PolicyCondition condition(PerformancePolicy policy, String type) {
    return TestObjects.condition(policy, type).orElseThrow();
  }
}
