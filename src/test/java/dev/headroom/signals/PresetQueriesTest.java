package dev.headroom.signals;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The exact PromQL each preset produces (docs/signals.md quotes these). */
class PresetQueriesTest {
  private static final EndpointConfig PROMETHEUS = EndpointConfig.of("http://prometheus:9090");
  private static final String PODS =
      "[bcdfghjklmnpqrstvwxz2456789]{1,10}-[bcdfghjklmnpqrstvwxz2456789]{5}";

  private static String budgets(String preset) {
    return "budgets:\n"
        + "  latency:\n"
        + "    - {name: p95, percentile: 0.95, target: 200ms, metric: {preset: "
        + preset
        + "}}\n"
        + "    - {name: avg, statistic: Average, target: 100ms, metric: {preset: "
        + preset
        + "}}\n"
        + "  errorRate: {targetPercent: 1}\n"
        + "  throughput: {minRequestsPerSecond: 10}\n";
  }

  private static List<String> one(String preset) {
    return Policies.queries(
        SignalSettings.defaults(),
        List.of(Policies.policy("shop", "p", "api", PROMETHEUS, budgets(preset))));
  }

  private static List<String> two(String preset) {
    return Policies.queries(
        SignalSettings.defaults(),
        List.of(
            Policies.policy("shop", "p", "api", PROMETHEUS, budgets(preset)),
            Policies.policy("web", "p", "front", PROMETHEUS, budgets(preset))));
  }

  @Test
  void micrometerForOnePolicy() {
    String sel = "{namespace=\"shop\", pod=~\"api-" + PODS + "\"}";
    assertThat(one("Micrometer"))
        .containsExactlyInAnyOrder(
            "max (timestamp(http_server_requests_seconds_count" + sel + "))",
            "histogram_quantile(0.95, sum by (le) (rate(http_server_requests_seconds_bucket"
                + sel
                + "[5m])))",
            "(sum (rate(http_server_requests_seconds_sum"
                + sel
                + "[5m]))) / (sum (rate(http_server_requests_seconds_count"
                + sel
                + "[5m])))",
            "((sum (rate(http_server_requests_seconds_count{namespace=\"shop\", pod=~\"api-"
                + PODS
                + "\", status=~\"5..\"}[5m]))) or ((0) * (sum (rate(http_server_requests_seconds_count"
                + sel
                + "[5m]))))) / (sum (rate(http_server_requests_seconds_count"
                + sel
                + "[5m])))",
            "sum (rate(http_server_requests_seconds_count" + sel + "[5m]))",
            "max (timestamp(container_cpu_usage_seconds_total{namespace=\"shop\", pod=~\"api-"
                + PODS
                + "\", container!=\"\", container!=\"POD\"}))",
            "avg (sum by (pod) (rate(container_cpu_usage_seconds_total{namespace=\"shop\","
                + " pod=~\"api-"
                + PODS
                + "\", container!=\"\", container!=\"POD\"}[5m])))");
  }

  @Test
  void micrometerBatchedDerivesTheDeploymentFromThePodName() {
    String tag = ", \"headroom_target\", \"$1\", \"pod\", \"(.+)-" + PODS + "\")";
    assertThat(two("Micrometer"))
        .contains(
            "histogram_quantile(0.95, sum by (namespace, headroom_target, le)"
                + " (label_replace(rate(http_server_requests_seconds_bucket{namespace=~\"shop|web\"}[5m])"
                + tag
                + "))",
            "sum by (namespace, headroom_target)"
                + " (label_replace(rate(http_server_requests_seconds_count{namespace=~\"shop|web\"}[5m])"
                + tag
                + ")");
  }

  @Test
  void istioIsReadFromTheDestinationAndConvertedFromMilliseconds() {
    String sel =
        "{destination_workload_namespace=\"shop\", destination_workload=\"api\","
            + " reporter=\"destination\"}";
    assertThat(one("Istio"))
        .contains(
            "(histogram_quantile(0.95, sum by (le)"
                + " (rate(istio_request_duration_milliseconds_bucket"
                + sel
                + "[5m])))) / (1000)",
            "((sum (rate(istio_request_duration_milliseconds_sum"
                + sel
                + "[5m]))) / (sum (rate(istio_request_duration_milliseconds_count"
                + sel
                + "[5m])))) / (1000)");
    assertThat(two("Istio"))
        .contains(
            "(histogram_quantile(0.95, sum by (destination_workload_namespace,"
                + " destination_workload, le) (rate(istio_request_duration_milliseconds_bucket"
                + "{destination_workload_namespace=~\"shop|web\", reporter=\"destination\"}[5m]))))"
                + " / (1000)");
  }

  @Test
  void nginxIngressAndLinkerdNameTheWorkloadInALabel() {
    assertThat(one("NginxIngress"))
        .contains(
            "histogram_quantile(0.95, sum by (le)"
                + " (rate(nginx_ingress_controller_request_duration_seconds_bucket"
                + "{namespace=\"shop\", service=\"api\"}[5m])))");
    assertThat(one("Linkerd"))
        .contains(
            "(histogram_quantile(0.95, sum by (le) (rate(response_latency_ms_bucket"
                + "{namespace=\"shop\", deployment=\"api\", direction=\"inbound\"}[5m])))) /"
                + " (1000)",
            "((sum (rate(response_latency_ms_count{namespace=\"shop\", deployment=\"api\","
                + " direction=\"inbound\", status_code=~\"5..\"}[5m]))) or ((0) * (sum"
                + " (rate(response_latency_ms_count{namespace=\"shop\", deployment=\"api\","
                + " direction=\"inbound\"}[5m]))))) / (sum (rate(response_latency_ms_count"
                + "{namespace=\"shop\", deployment=\"api\", direction=\"inbound\"}[5m])))");
  }

  @Test
  void matchLabelsAreEscapedAndMayRenameTheWorkloadOfALabelledPreset() {
    String yaml =
        "budgets:\n"
            + "  latency:\n"
            + "    - name: p99\n"
            + "      percentile: 0.99\n"
            + "      target: 1s\n"
            + "      metric:\n"
            + "        preset: NginxIngress\n"
            + "        matchLabels: {service: api-svc, host: 'a\"b'}\n";
    assertThat(
            Policies.queries(
                SignalSettings.defaults(),
                List.of(Policies.policy("shop", "p", "api", PROMETHEUS, yaml))))
        .contains(
            "histogram_quantile(0.99, sum by (le)"
                + " (rate(nginx_ingress_controller_request_duration_seconds_bucket"
                + "{namespace=\"shop\", service=\"api-svc\", host=\"a\\\"b\"}[5m])))");
  }

  @Test
  void rightsizingReadsUsageHistoryPerContainer() {
    String yaml = "budgets:\n  memory: {targetPeak: 1Gi}\nresources: {mode: Requests}\n";
    String sel =
        "{namespace=\"shop\", pod=~\"api-" + PODS + "\", container!=\"\", container!=\"POD\"}";
    assertThat(
            Policies.queries(
                SignalSettings.defaults(),
                List.of(Policies.policy("shop", "p", "api", PROMETHEUS, yaml))))
        .containsExactlyInAnyOrder(
            "max (timestamp(container_cpu_usage_seconds_total" + sel + "))",
            "avg (sum by (pod) (rate(container_cpu_usage_seconds_total" + sel + "[5m])))",
            "max (sum by (pod) (container_memory_working_set_bytes" + sel + "))",
            "max by (container) (quantile_over_time(0.95,"
                + " (rate(container_cpu_usage_seconds_total"
                + sel
                + "[5m]))[1h:1m]))",
            "max by (container) (max_over_time(container_memory_working_set_bytes" + sel + "[1h]))",
            "(sum by (container) (rate(container_cpu_cfs_throttled_periods_total"
                + sel
                + "[5m]))) / (sum by (container) (rate(container_cpu_cfs_periods_total"
                + sel
                + "[5m])))");
  }

  @Test
  void twoHundredPoliciesOnOnePresetAreAsManyQueriesAsOne() {
    List<PolicyTarget> many = new java.util.ArrayList<>();
    for (int i = 0; i < 200; i++) {
      many.add(Policies.policy("ns" + (i % 7), "p" + i, "svc" + i, PROMETHEUS, budgets("Istio")));
    }
    assertThat(Policies.queries(SignalSettings.defaults(), many)).hasSize(7);
    assertThat(Policies.queries(SignalSettings.defaults().withBatching(false), many))
        .hasSize(7 * 200);
  }
}
