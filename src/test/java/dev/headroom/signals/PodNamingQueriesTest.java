package dev.headroom.signals;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headroom.signals.StubHttp.Reply;
import dev.headroom.signals.TemplateValidation.Verdict;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Pods are selected as the target's kind names them ({@link PodNaming}): a grouped query reads the
 * targets of one naming, so no workload's pods reach another's policy, and a cycle of Deployments
 * asks exactly what it asked before other kinds could be targets.
 */
class PodNamingQueriesTest {
  private static final EndpointConfig PROMETHEUS = EndpointConfig.of("http://prometheus:9090");
  private static final String SAFE = "[bcdfghjklmnpqrstvwxz2456789]";
  private static final String THROUGHPUT =
      "budgets:\n  throughput: {minRequestsPerSecond: 1, metric: {preset: Micrometer}}\n";

  private final Instant now = Instant.now();

  // --- A cycle of Deployments, as before ---

  private static final String MICROMETER =
      "budgets:\n"
          + "  latency:\n"
          + "    - {name: p95, percentile: 0.95, target: 200ms, metric: {preset: Micrometer}}\n"
          + "    - {name: avg, statistic: Average, target: 100ms, metric: {preset: Micrometer}}\n"
          + "  errorRate: {targetPercent: 1}\n"
          + "  throughput: {minRequestsPerSecond: 10}\n"
          + "  cpu: {targetCores: 500m, window: 2m}\n"
          + "  memory: {targetPeak: 1Gi}\n"
          + "resources: {mode: Requests}\n";
  private static final String HISTOGRAM =
      "budgets:\n"
          + "  latency:\n"
          + "    - {name: p99, percentile: 0.99, target: 1s, window: 1m,"
          + " metric: {preset: PrometheusHistogram, metric: http_request_duration_seconds}}\n"
          + "  errorRate: {targetPercent: 1}\n";
  private static final String EXPLICIT =
      "targetRef: {apiVersion: apps/v1, kind: Deployment, name: explicit}\n"
          + "budgets:\n"
          + "  latency:\n"
          + "    - {name: p95, percentile: 0.95, target: 200ms, metric: {preset: Micrometer}}\n";
  private static final String ISTIO =
      "budgets:\n"
          + "  latency:\n"
          + "    - {name: p95, percentile: 0.95, target: 200ms, metric: {preset: Istio}}\n";
  private static final String TEMPLATE =
      "budgets:\n"
          + "  latency:\n"
          + "    - name: p90\n"
          + "      percentile: 0.9\n"
          + "      target: 1s\n"
          + "      metric:\n"
          + "        query: 'histogram_quantile(0.9, sum by (le) (rate(x_bucket{namespace=\"{{namespace}}\","
          + " pod=~\"{{pod}}\"}[{{window}}])))'\n";

  private static List<PolicyTarget> deployments() {
    return List.of(
        Policies.policy("shop", "api", "api", PROMETHEUS, MICROMETER),
        Policies.policy("shop", "cart", "cart", PROMETHEUS, MICROMETER),
        Policies.policy("web", "front", "front", PROMETHEUS, HISTOGRAM),
        Policies.policy("web", "back", "back", PROMETHEUS, HISTOGRAM),
        Policies.policy("web", "tmpl", "t.x", PROMETHEUS, TEMPLATE),
        Policies.policy("web", "explicit", "ignored", PROMETHEUS, EXPLICIT),
        Policies.policy("mesh", "a", "a", PROMETHEUS, ISTIO),
        Policies.policy("mesh", "b", "b", PROMETHEUS, ISTIO));
  }

  /** The queries of {@link #deployments()}, batched, as rendered before pods were named by kind. */
  private static final String DEPLOYMENTS_BATCHED =
      """
          ((sum by (namespace, headroom_target) (label_replace(rate(http_request_duration_seconds_count{namespace=~"web", code=~"5.."}[5m]), "headroom_target", "$1", "pod", "(.+)-@SAFE@{1,10}-@SAFE@{5}"))) or ((0) * (sum by (namespace, headroom_target) (label_replace(rate(http_request_duration_seconds_count{namespace=~"web"}[5m]), "headroom_target", "$1", "pod", "(.+)-@SAFE@{1,10}-@SAFE@{5}"))))) / (sum by (namespace, headroom_target) (label_replace(rate(http_request_duration_seconds_count{namespace=~"web"}[5m]), "headroom_target", "$1", "pod", "(.+)-@SAFE@{1,10}-@SAFE@{5}")))
          ((sum by (namespace, headroom_target) (label_replace(rate(http_server_requests_seconds_count{namespace=~"shop", status=~"5.."}[5m]), "headroom_target", "$1", "pod", "(.+)-@SAFE@{1,10}-@SAFE@{5}"))) or ((0) * (sum by (namespace, headroom_target) (label_replace(rate(http_server_requests_seconds_count{namespace=~"shop"}[5m]), "headroom_target", "$1", "pod", "(.+)-@SAFE@{1,10}-@SAFE@{5}"))))) / (sum by (namespace, headroom_target) (label_replace(rate(http_server_requests_seconds_count{namespace=~"shop"}[5m]), "headroom_target", "$1", "pod", "(.+)-@SAFE@{1,10}-@SAFE@{5}")))
          (histogram_quantile(0.95, sum by (destination_workload_namespace, destination_workload, le) (rate(istio_request_duration_milliseconds_bucket{destination_workload_namespace=~"mesh", reporter="destination"}[5m])))) / (1000)
          (sum by (namespace, headroom_target) (label_replace(rate(http_server_requests_seconds_sum{namespace=~"shop"}[5m]), "headroom_target", "$1", "pod", "(.+)-@SAFE@{1,10}-@SAFE@{5}"))) / (sum by (namespace, headroom_target) (label_replace(rate(http_server_requests_seconds_count{namespace=~"shop"}[5m]), "headroom_target", "$1", "pod", "(.+)-@SAFE@{1,10}-@SAFE@{5}")))
          (sum by (namespace, headroom_target, container) (label_replace(rate(container_cpu_cfs_throttled_periods_total{namespace=~"shop", container!="", container!="POD"}[5m]), "headroom_target", "$1", "pod", "(.+)-@SAFE@{1,10}-@SAFE@{5}"))) / (sum by (namespace, headroom_target, container) (label_replace(rate(container_cpu_cfs_periods_total{namespace=~"shop", container!="", container!="POD"}[5m]), "headroom_target", "$1", "pod", "(.+)-@SAFE@{1,10}-@SAFE@{5}")))
          avg by (namespace, headroom_target) (sum by (namespace, headroom_target, pod) (label_replace(rate(container_cpu_usage_seconds_total{namespace=~"mesh|web", container!="", container!="POD"}[5m]), "headroom_target", "$1", "pod", "(.+)-@SAFE@{1,10}-@SAFE@{5}")))
          avg by (namespace, headroom_target) (sum by (namespace, headroom_target, pod) (label_replace(rate(container_cpu_usage_seconds_total{namespace=~"shop", container!="", container!="POD"}[2m]), "headroom_target", "$1", "pod", "(.+)-@SAFE@{1,10}-@SAFE@{5}")))
          avg by (namespace, headroom_target) (sum by (namespace, headroom_target, pod) (label_replace(rate(container_cpu_usage_seconds_total{namespace=~"web", container!="", container!="POD"}[1m]), "headroom_target", "$1", "pod", "(.+)-@SAFE@{1,10}-@SAFE@{5}")))
          histogram_quantile(0.9, sum by (le) (rate(x_bucket{namespace="web", pod=~"t\\\\.x-@SAFE@{1,10}-@SAFE@{5}"}[5m])))
          histogram_quantile(0.95, sum by (namespace, headroom_target, le) (label_replace(rate(http_server_requests_seconds_bucket{namespace=~"shop|web"}[5m]), "headroom_target", "$1", "pod", "(.+)-@SAFE@{1,10}-@SAFE@{5}")))
          histogram_quantile(0.99, sum by (namespace, headroom_target, le) (label_replace(rate(http_request_duration_seconds_bucket{namespace=~"web"}[1m]), "headroom_target", "$1", "pod", "(.+)-@SAFE@{1,10}-@SAFE@{5}")))
          max by (destination_workload_namespace, destination_workload) (timestamp(istio_request_duration_milliseconds_count{destination_workload_namespace=~"mesh", reporter="destination"}))
          max by (namespace, headroom_target) (label_replace(timestamp(container_cpu_usage_seconds_total{namespace=~"mesh|shop|web", container!="", container!="POD"}), "headroom_target", "$1", "pod", "(.+)-@SAFE@{1,10}-@SAFE@{5}"))
          max by (namespace, headroom_target) (label_replace(timestamp(http_request_duration_seconds_count{namespace=~"web"}), "headroom_target", "$1", "pod", "(.+)-@SAFE@{1,10}-@SAFE@{5}"))
          max by (namespace, headroom_target) (label_replace(timestamp(http_server_requests_seconds_count{namespace=~"shop|web"}), "headroom_target", "$1", "pod", "(.+)-@SAFE@{1,10}-@SAFE@{5}"))
          max by (namespace, headroom_target) (sum by (namespace, headroom_target, pod) (label_replace(container_memory_working_set_bytes{namespace=~"shop", container!="", container!="POD"}, "headroom_target", "$1", "pod", "(.+)-@SAFE@{1,10}-@SAFE@{5}")))
          max by (namespace, headroom_target, container) (label_replace(max_over_time(container_memory_working_set_bytes{namespace=~"shop", container!="", container!="POD"}[1h]), "headroom_target", "$1", "pod", "(.+)-@SAFE@{1,10}-@SAFE@{5}"))
          max by (namespace, headroom_target, container) (label_replace(quantile_over_time(0.95, (rate(container_cpu_usage_seconds_total{namespace=~"shop", container!="", container!="POD"}[5m]))[1h:1m]), "headroom_target", "$1", "pod", "(.+)-@SAFE@{1,10}-@SAFE@{5}"))
          sum by (destination_workload_namespace, destination_workload) (rate(istio_request_duration_milliseconds_count{destination_workload_namespace=~"mesh", reporter="destination"}[5m]))
          sum by (namespace, headroom_target) (label_replace(rate(http_request_duration_seconds_count{namespace=~"web"}[1m]), "headroom_target", "$1", "pod", "(.+)-@SAFE@{1,10}-@SAFE@{5}"))
          sum by (namespace, headroom_target) (label_replace(rate(http_server_requests_seconds_count{namespace=~"shop|web"}[5m]), "headroom_target", "$1", "pod", "(.+)-@SAFE@{1,10}-@SAFE@{5}"))
          """;

  /** The same, one query per policy. */
  private static final String DEPLOYMENTS_SINGLE =
      """
          ((sum (rate(http_request_duration_seconds_count{namespace="web", pod=~"back-@SAFE@{1,10}-@SAFE@{5}", code=~"5.."}[5m]))) or ((0) * (sum (rate(http_request_duration_seconds_count{namespace="web", pod=~"back-@SAFE@{1,10}-@SAFE@{5}"}[5m]))))) / (sum (rate(http_request_duration_seconds_count{namespace="web", pod=~"back-@SAFE@{1,10}-@SAFE@{5}"}[5m])))
          ((sum (rate(http_request_duration_seconds_count{namespace="web", pod=~"front-@SAFE@{1,10}-@SAFE@{5}", code=~"5.."}[5m]))) or ((0) * (sum (rate(http_request_duration_seconds_count{namespace="web", pod=~"front-@SAFE@{1,10}-@SAFE@{5}"}[5m]))))) / (sum (rate(http_request_duration_seconds_count{namespace="web", pod=~"front-@SAFE@{1,10}-@SAFE@{5}"}[5m])))
          ((sum (rate(http_server_requests_seconds_count{namespace="shop", pod=~"api-@SAFE@{1,10}-@SAFE@{5}", status=~"5.."}[5m]))) or ((0) * (sum (rate(http_server_requests_seconds_count{namespace="shop", pod=~"api-@SAFE@{1,10}-@SAFE@{5}"}[5m]))))) / (sum (rate(http_server_requests_seconds_count{namespace="shop", pod=~"api-@SAFE@{1,10}-@SAFE@{5}"}[5m])))
          ((sum (rate(http_server_requests_seconds_count{namespace="shop", pod=~"cart-@SAFE@{1,10}-@SAFE@{5}", status=~"5.."}[5m]))) or ((0) * (sum (rate(http_server_requests_seconds_count{namespace="shop", pod=~"cart-@SAFE@{1,10}-@SAFE@{5}"}[5m]))))) / (sum (rate(http_server_requests_seconds_count{namespace="shop", pod=~"cart-@SAFE@{1,10}-@SAFE@{5}"}[5m])))
          (histogram_quantile(0.95, sum by (le) (rate(istio_request_duration_milliseconds_bucket{destination_workload_namespace="mesh", destination_workload="a", reporter="destination"}[5m])))) / (1000)
          (histogram_quantile(0.95, sum by (le) (rate(istio_request_duration_milliseconds_bucket{destination_workload_namespace="mesh", destination_workload="b", reporter="destination"}[5m])))) / (1000)
          (sum (rate(http_server_requests_seconds_sum{namespace="shop", pod=~"api-@SAFE@{1,10}-@SAFE@{5}"}[5m]))) / (sum (rate(http_server_requests_seconds_count{namespace="shop", pod=~"api-@SAFE@{1,10}-@SAFE@{5}"}[5m])))
          (sum (rate(http_server_requests_seconds_sum{namespace="shop", pod=~"cart-@SAFE@{1,10}-@SAFE@{5}"}[5m]))) / (sum (rate(http_server_requests_seconds_count{namespace="shop", pod=~"cart-@SAFE@{1,10}-@SAFE@{5}"}[5m])))
          (sum by (container) (rate(container_cpu_cfs_throttled_periods_total{namespace="shop", pod=~"api-@SAFE@{1,10}-@SAFE@{5}", container!="", container!="POD"}[5m]))) / (sum by (container) (rate(container_cpu_cfs_periods_total{namespace="shop", pod=~"api-@SAFE@{1,10}-@SAFE@{5}", container!="", container!="POD"}[5m])))
          (sum by (container) (rate(container_cpu_cfs_throttled_periods_total{namespace="shop", pod=~"cart-@SAFE@{1,10}-@SAFE@{5}", container!="", container!="POD"}[5m]))) / (sum by (container) (rate(container_cpu_cfs_periods_total{namespace="shop", pod=~"cart-@SAFE@{1,10}-@SAFE@{5}", container!="", container!="POD"}[5m])))
          avg (sum by (pod) (rate(container_cpu_usage_seconds_total{namespace="mesh", pod=~"a-@SAFE@{1,10}-@SAFE@{5}", container!="", container!="POD"}[5m])))
          avg (sum by (pod) (rate(container_cpu_usage_seconds_total{namespace="mesh", pod=~"b-@SAFE@{1,10}-@SAFE@{5}", container!="", container!="POD"}[5m])))
          avg (sum by (pod) (rate(container_cpu_usage_seconds_total{namespace="shop", pod=~"api-@SAFE@{1,10}-@SAFE@{5}", container!="", container!="POD"}[2m])))
          avg (sum by (pod) (rate(container_cpu_usage_seconds_total{namespace="shop", pod=~"cart-@SAFE@{1,10}-@SAFE@{5}", container!="", container!="POD"}[2m])))
          avg (sum by (pod) (rate(container_cpu_usage_seconds_total{namespace="web", pod=~"back-@SAFE@{1,10}-@SAFE@{5}", container!="", container!="POD"}[1m])))
          avg (sum by (pod) (rate(container_cpu_usage_seconds_total{namespace="web", pod=~"explicit-@SAFE@{1,10}-@SAFE@{5}", container!="", container!="POD"}[5m])))
          avg (sum by (pod) (rate(container_cpu_usage_seconds_total{namespace="web", pod=~"front-@SAFE@{1,10}-@SAFE@{5}", container!="", container!="POD"}[1m])))
          avg (sum by (pod) (rate(container_cpu_usage_seconds_total{namespace="web", pod=~"t\\\\.x-@SAFE@{1,10}-@SAFE@{5}", container!="", container!="POD"}[5m])))
          histogram_quantile(0.9, sum by (le) (rate(x_bucket{namespace="web", pod=~"t\\\\.x-@SAFE@{1,10}-@SAFE@{5}"}[5m])))
          histogram_quantile(0.95, sum by (le) (rate(http_server_requests_seconds_bucket{namespace="shop", pod=~"api-@SAFE@{1,10}-@SAFE@{5}"}[5m])))
          histogram_quantile(0.95, sum by (le) (rate(http_server_requests_seconds_bucket{namespace="shop", pod=~"cart-@SAFE@{1,10}-@SAFE@{5}"}[5m])))
          histogram_quantile(0.95, sum by (le) (rate(http_server_requests_seconds_bucket{namespace="web", pod=~"explicit-@SAFE@{1,10}-@SAFE@{5}"}[5m])))
          histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{namespace="web", pod=~"back-@SAFE@{1,10}-@SAFE@{5}"}[1m])))
          histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{namespace="web", pod=~"front-@SAFE@{1,10}-@SAFE@{5}"}[1m])))
          max (sum by (pod) (container_memory_working_set_bytes{namespace="shop", pod=~"api-@SAFE@{1,10}-@SAFE@{5}", container!="", container!="POD"}))
          max (sum by (pod) (container_memory_working_set_bytes{namespace="shop", pod=~"cart-@SAFE@{1,10}-@SAFE@{5}", container!="", container!="POD"}))
          max (timestamp(container_cpu_usage_seconds_total{namespace="mesh", pod=~"a-@SAFE@{1,10}-@SAFE@{5}", container!="", container!="POD"}))
          max (timestamp(container_cpu_usage_seconds_total{namespace="mesh", pod=~"b-@SAFE@{1,10}-@SAFE@{5}", container!="", container!="POD"}))
          max (timestamp(container_cpu_usage_seconds_total{namespace="shop", pod=~"api-@SAFE@{1,10}-@SAFE@{5}", container!="", container!="POD"}))
          max (timestamp(container_cpu_usage_seconds_total{namespace="shop", pod=~"cart-@SAFE@{1,10}-@SAFE@{5}", container!="", container!="POD"}))
          max (timestamp(container_cpu_usage_seconds_total{namespace="web", pod=~"back-@SAFE@{1,10}-@SAFE@{5}", container!="", container!="POD"}))
          max (timestamp(container_cpu_usage_seconds_total{namespace="web", pod=~"explicit-@SAFE@{1,10}-@SAFE@{5}", container!="", container!="POD"}))
          max (timestamp(container_cpu_usage_seconds_total{namespace="web", pod=~"front-@SAFE@{1,10}-@SAFE@{5}", container!="", container!="POD"}))
          max (timestamp(container_cpu_usage_seconds_total{namespace="web", pod=~"t\\\\.x-@SAFE@{1,10}-@SAFE@{5}", container!="", container!="POD"}))
          max (timestamp(http_request_duration_seconds_count{namespace="web", pod=~"back-@SAFE@{1,10}-@SAFE@{5}"}))
          max (timestamp(http_request_duration_seconds_count{namespace="web", pod=~"front-@SAFE@{1,10}-@SAFE@{5}"}))
          max (timestamp(http_server_requests_seconds_count{namespace="shop", pod=~"api-@SAFE@{1,10}-@SAFE@{5}"}))
          max (timestamp(http_server_requests_seconds_count{namespace="shop", pod=~"cart-@SAFE@{1,10}-@SAFE@{5}"}))
          max (timestamp(http_server_requests_seconds_count{namespace="web", pod=~"explicit-@SAFE@{1,10}-@SAFE@{5}"}))
          max (timestamp(istio_request_duration_milliseconds_count{destination_workload_namespace="mesh", destination_workload="a", reporter="destination"}))
          max (timestamp(istio_request_duration_milliseconds_count{destination_workload_namespace="mesh", destination_workload="b", reporter="destination"}))
          max by (container) (max_over_time(container_memory_working_set_bytes{namespace="shop", pod=~"api-@SAFE@{1,10}-@SAFE@{5}", container!="", container!="POD"}[1h]))
          max by (container) (max_over_time(container_memory_working_set_bytes{namespace="shop", pod=~"cart-@SAFE@{1,10}-@SAFE@{5}", container!="", container!="POD"}[1h]))
          max by (container) (quantile_over_time(0.95, (rate(container_cpu_usage_seconds_total{namespace="shop", pod=~"api-@SAFE@{1,10}-@SAFE@{5}", container!="", container!="POD"}[5m]))[1h:1m]))
          max by (container) (quantile_over_time(0.95, (rate(container_cpu_usage_seconds_total{namespace="shop", pod=~"cart-@SAFE@{1,10}-@SAFE@{5}", container!="", container!="POD"}[5m]))[1h:1m]))
          sum (rate(http_request_duration_seconds_count{namespace="web", pod=~"back-@SAFE@{1,10}-@SAFE@{5}"}[1m]))
          sum (rate(http_request_duration_seconds_count{namespace="web", pod=~"front-@SAFE@{1,10}-@SAFE@{5}"}[1m]))
          sum (rate(http_server_requests_seconds_count{namespace="shop", pod=~"api-@SAFE@{1,10}-@SAFE@{5}"}[5m]))
          sum (rate(http_server_requests_seconds_count{namespace="shop", pod=~"cart-@SAFE@{1,10}-@SAFE@{5}"}[5m]))
          sum (rate(http_server_requests_seconds_count{namespace="web", pod=~"explicit-@SAFE@{1,10}-@SAFE@{5}"}[5m]))
          sum (rate(istio_request_duration_milliseconds_count{destination_workload_namespace="mesh", destination_workload="a", reporter="destination"}[5m]))
          sum (rate(istio_request_duration_milliseconds_count{destination_workload_namespace="mesh", destination_workload="b", reporter="destination"}[5m]))
          """;

  private static List<String> golden(String block) {
    return block.lines().map(String::strip).map(l -> l.replace("@SAFE@", SAFE)).toList();
  }

  @Test
  void aCycleOfDeploymentsAsksExactlyWhatItAskedBefore() {
    List<String> batched = Policies.queries(SignalSettings.defaults(), deployments());
    assertThat(batched)
        .hasSize(21)
        .containsExactlyInAnyOrderElementsOf(golden(DEPLOYMENTS_BATCHED));
    List<String> single =
        Policies.queries(SignalSettings.defaults().withBatching(false), deployments());
    assertThat(single).hasSize(52).containsExactlyInAnyOrderElementsOf(golden(DEPLOYMENTS_SINGLE));
  }

  // --- Other kinds ---

  private static PolicyTarget policy(String apiVersion, String kind, String name, String yaml) {
    return policy(PROMETHEUS, apiVersion, kind, name, yaml);
  }

  private static PolicyTarget policy(
      EndpointConfig endpoint, String apiVersion, String kind, String name, String yaml) {
    return Policies.policy(
        "shop",
        kind.toLowerCase() + "-" + name,
        name,
        endpoint,
        "targetRef: {apiVersion: "
            + apiVersion
            + ", kind: "
            + kind
            + ", name: "
            + name
            + "}\n"
            + yaml);
  }

  @Test
  void aStatefulSetsQueriesAndTemplatesSelectItsOrdinals() {
    String yaml =
        "budgets:\n"
            + "  latency:\n"
            + "    - {name: p95, percentile: 0.95, target: 200ms, metric: {preset: Micrometer}}\n"
            + TEMPLATE.substring("budgets:\n  latency:\n".length());
    String pods = "db-(?:0|[1-9][0-9]*)";
    assertThat(
            Policies.queries(
                SignalSettings.defaults(), List.of(policy("apps/v1", "StatefulSet", "db", yaml))))
        .containsExactlyInAnyOrder(
            "max (timestamp(http_server_requests_seconds_count{namespace=\"shop\", pod=~\""
                + pods
                + "\"}))",
            "histogram_quantile(0.95, sum by (le) (rate(http_server_requests_seconds_bucket"
                + "{namespace=\"shop\", pod=~\""
                + pods
                + "\"}[5m])))",
            "sum (rate(http_server_requests_seconds_count{namespace=\"shop\", pod=~\""
                + pods
                + "\"}[5m]))",
            "histogram_quantile(0.9, sum by (le) (rate(x_bucket{namespace=\"shop\", pod=~\""
                + pods
                + "\"}[5m])))",
            "max (timestamp(container_cpu_usage_seconds_total{namespace=\"shop\", pod=~\""
                + pods
                + "\", container!=\"\", container!=\"POD\"}))",
            "avg (sum by (pod) (rate(container_cpu_usage_seconds_total{namespace=\"shop\", pod=~\""
                + pods
                + "\", container!=\"\", container!=\"POD\"}[5m])))");
  }

  @Test
  void aTemplateIsValidatedWithTheTargetsOwnPods() {
    try (StubHttp stub = StubHttp.start(r -> Reply.ok(StubHttp.vector("{}", "1")));
        SignalReader reader =
            new SignalReader(
                SignalSettings.defaults(),
                new PrometheusRegistry(),
                new SplittableRandom(1),
                d -> {},
                java.time.InstantSource.system())) {
      EndpointConfig endpoint = EndpointConfig.of(stub.url());
      String template = "sum(rate(x{pod=~\"{{pod}}\"}[{{window}}]))";
      Map<String, String> expected = new LinkedHashMap<>();
      expected.put("StatefulSet", "sum(rate(x{pod=~\"db-(?:0|[1-9][0-9]*)\"}[5m]))");
      expected.put("ReplicaSet", "sum(rate(x{pod=~\"db-" + SAFE + "{5}\"}[5m]))");
      expected.put(
          "Deployment", "sum(rate(x{pod=~\"db-" + SAFE + "{1,10}-" + SAFE + "{5}\"}[5m]))");
      expected.forEach(
          (kind, query) -> {
            TemplateValidation v =
                reader.validateTemplate(
                    policy(endpoint, "apps/v1", kind, "db", THROUGHPUT),
                    "f",
                    template,
                    Duration.ofMinutes(5),
                    now);
            assertThat(v.verdict()).as(kind).isEqualTo(Verdict.VALID);
            assertThat(v.query()).as(kind).contains(query);
          });
      assertThat(stub.requests()).hasSize(3);
    }
  }

  /** A workload and its pods, each pod with its own request rate. */
  private record Workload(String apiVersion, String kind, String name, List<String> pods) {
    Workload(String apiVersion, String kind, String name, String... pods) {
      this(apiVersion, kind, name, List.of(pods));
    }
  }

  /**
   * One namespace where names collide across kinds: a Deployment and a StatefulSet both named
   * {@code db}; a StatefulSet {@code web-abc} next to Deployment {@code web}; Deployment {@code
   * web}'s pod {@code web-7d4b9c-24567} is also the form of StatefulSet {@code web-7d4b9c}'s
   * 24567th pod and of ReplicaSet {@code web-7d4b9c}'s (neither exists); pods of no policy's
   * workload.
   */
  private static final List<Workload> FLEET =
      List.of(
          new Workload("apps/v1", "Deployment", "web", "web-7d4b9c-24567", "web-7d4b9c-bcdfg"),
          new Workload("apps/v1", "Deployment", "db", "db-5f6d7-xk2vz"),
          new Workload("argoproj.io/v1alpha1", "Rollout", "front", "front-6c9d8b7f4-m2xkq"),
          new Workload("apps/v1", "StatefulSet", "db", "db-0", "db-1", "db-10"),
          new Workload("apps/v1", "StatefulSet", "web-abc", "web-abc-0", "web-abc-1"),
          new Workload("apps/v1", "ReplicaSet", "cache", "cache-bcd42", "cache-x9z8q"),
          new Workload("v1", "ReplicationController", "legacy", "legacy-h7k2p"),
          new Workload("apps.kruise.io/v1alpha1", "CloneSet", "kv", "kv-h7k2p", "kv-2"),
          new Workload("example.com/v1", "Shard", "shard", "shard-0", "shard-bcd42-24567"));

  private static final List<String> NOISE = List.of("db-01", "other-0", "web-abc-bcdfg-x");

  /** Each pod's request rate: a power of two, so a sum says which pods it counted. */
  private static Map<String, Double> rates() {
    Map<String, Double> rates = new LinkedHashMap<>();
    FLEET.forEach(w -> w.pods().forEach(p -> rates.put(p, (double) (1L << rates.size()))));
    NOISE.forEach(p -> rates.put(p, (double) (1L << rates.size())));
    return rates;
  }

  private static final Pattern SINGLE =
      Pattern.compile("\\{namespace=\"shop\", pod=~\"((?:[^\"\\\\]|\\\\.)*)\"\\}");
  private static final Pattern GROUPED =
      Pattern.compile(
          "\\{namespace=~\"shop\"\\}.*\"headroom_target\", \"\\$1\", \"pod\","
              + " \"((?:[^\"\\\\]|\\\\.)*)\"\\)");

  private static String unquote(String literal) {
    return literal.replaceAll("\\\\(.)", "$1");
  }

  /**
   * A backend that selects pods as Prometheus does: {@code pod=~} fully anchored, and {@code
   * label_replace} setting {@code headroom_target} only on the pods its expression matches (the
   * others keep no target, and are summed without one).
   */
  private Reply answer(String query) {
    Map<String, Double> rates = rates();
    String value = Double.toString(now.toEpochMilli() / 1000.0);
    boolean freshness = query.contains("timestamp(");
    Matcher single = SINGLE.matcher(query);
    if (single.find()) {
      Pattern pods = Pattern.compile(unquote(single.group(1)));
      List<String> selected =
          rates.keySet().stream().filter(p -> pods.matcher(p).matches()).toList();
      if (selected.isEmpty()) {
        return Reply.ok(StubHttp.vector());
      }
      double sum = selected.stream().mapToDouble(rates::get).sum();
      return Reply.ok(StubHttp.vector("{}", freshness ? value : Double.toString(sum)));
    }
    Matcher grouped = GROUPED.matcher(query);
    if (!grouped.find()) {
      return Reply.status(400, "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"?\"}");
    }
    Pattern anyPod = Pattern.compile(unquote(grouped.group(1)));
    Map<String, Double> byTarget = new LinkedHashMap<>();
    rates.forEach(
        (pod, rate) -> {
          Matcher m = anyPod.matcher(pod);
          byTarget.merge(m.matches() ? m.group(1) : "", rate, Double::sum);
        });
    List<String> series = new ArrayList<>();
    byTarget.forEach(
        (target, sum) -> {
          series.add(
              target.isEmpty()
                  ? "{\"namespace\":\"shop\"}"
                  : "{\"namespace\":\"shop\",\"headroom_target\":\"" + target + "\"}");
          series.add(freshness ? value : Double.toString(sum));
        });
    return Reply.ok(StubHttp.vector(series.toArray(String[]::new)));
  }

  @ParameterizedTest(name = "batching {0}")
  @ValueSource(booleans = {true, false})
  void eachPolicyReadsItsOwnWorkloadsPodsAndNoOthers(boolean batching) {
    try (StubHttp stub = StubHttp.start(r -> answer(r.form("query")));
        SignalReader reader =
            new SignalReader(
                SignalSettings.defaults()
                    .withBatching(batching)
                    .withRetries(1, Duration.ofMillis(1), Duration.ofMillis(1)),
                new PrometheusRegistry(),
                new SplittableRandom(1),
                d -> {},
                java.time.InstantSource.system())) {
      EndpointConfig endpoint = EndpointConfig.of(stub.url());
      List<PolicyTarget> policies = new ArrayList<>();
      FLEET.forEach(
          w -> policies.add(policy(endpoint, w.apiVersion(), w.kind(), w.name(), THROUGHPUT)));

      CycleResult cycle = reader.readCycle(policies, now);

      Map<String, Double> rates = rates();
      for (int i = 0; i < FLEET.size(); i++) {
        Workload w = FLEET.get(i);
        PolicySignals read = cycle.policies().get(policies.get(i).id());
        assertThat(read.status().available()).as(w + " " + read.status()).isTrue();
        assertThat(read.signals().requestRate().orElseThrow().value())
            .as(w.kind() + " " + w.name() + " reads its own pods")
            .isEqualTo(w.pods().stream().mapToDouble(rates::get).sum());
      }
      // Batched, per family (freshness, throughput): one grouped query for the Deployment and
      // Rollout, one for the StatefulSets, one for the ReplicaSet and ReplicationController, and
      // one per custom resource, whose pods may be named any way.
      assertThat(cycle.queriesIssued()).isEqualTo(batching ? 2 * (3 + 2) : 2 * FLEET.size());
    }
  }

  @Test
  void aMixedCycleIsOneGroupedQueryPerNaming() {
    List<PolicyTarget> policies = new ArrayList<>();
    FLEET.forEach(w -> policies.add(policy(w.apiVersion(), w.kind(), w.name(), THROUGHPUT)));
    String tag = ", \"headroom_target\", \"$1\", \"pod\", \"(.+)-";
    String rate =
        "sum by (namespace, headroom_target) (label_replace(rate("
            + "http_server_requests_seconds_count{namespace=~\"shop\"}[5m])"
            + tag;
    assertThat(Policies.queries(SignalSettings.defaults(), policies))
        .filteredOn(q -> q.startsWith("sum"))
        .containsExactlyInAnyOrder(
            rate + SAFE + "{1,10}-" + SAFE + "{5}\"))",
            rate + "(?:0|[1-9][0-9]*)\"))",
            rate + SAFE + "{5}\"))",
            "sum (rate(http_server_requests_seconds_count{namespace=\"shop\", pod=~\"kv-(?:"
                + SAFE
                + "{1,10}-"
                + SAFE
                + "{5}|"
                + SAFE
                + "{5}|(?:0|[1-9][0-9]*))\"}[5m]))",
            "sum (rate(http_server_requests_seconds_count{namespace=\"shop\", pod=~\"shard-(?:"
                + SAFE
                + "{1,10}-"
                + SAFE
                + "{5}|"
                + SAFE
                + "{5}|(?:0|[1-9][0-9]*))\"}[5m]))");
  }
}
