package dev.headroom.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headroom.api.v1alpha1.PerformancePolicy;
import dev.headroom.api.v1alpha1.PolicyCondition;
import dev.headroom.runtime.HeadroomOperator;
import dev.headroom.runtime.OperatorConfig;
import dev.headroom.testing.cluster.CrdInstaller;
import dev.headroom.testing.cluster.RealCluster;
import dev.headroom.testing.cluster.TestNamespace;
import dev.headroom.testing.env.HttpProbe;
import dev.headroom.testing.env.Poll;
import dev.headroom.testing.fixtures.TestObjects;
import dev.headroom.testing.prometheus.PrometheusServer;
import dev.headroom.testing.prometheus.RealPrometheus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Issue 15's start-up grace against a real apiserver and a real Prometheus: a new policy whose
 * series are not there (nothing in its namespace is scraped) waits one window of its queries — 30
 * s, the shortest window the CRD allows, so the test is quick without a test-only setting — with
 * {@code MetricsAvailable=Unknown/Waiting} and no Warning; then it is {@code NoData}, with one
 * Warning Event, not one per evaluation.
 */
@RealCluster(workloads = true)
@RealPrometheus
class MissingDataGraceIT {
  private static final Duration WAIT = Duration.ofSeconds(120);
  private static final Duration WINDOW = Duration.ofSeconds(30);
  private static final Duration INTERVAL = Duration.ofSeconds(5);
  private static final Path CRD = Path.of("crds/performancepolicies.headroom.dev.yaml");

  private static PerformancePolicy policy(String ns) {
    return new KubernetesSerialization()
        .unmarshal(
            """
            apiVersion: headroom.dev/v1alpha1
            kind: PerformancePolicy
            metadata: {name: web-budget, namespace: %s}
            spec:
              targetRef: {name: web}
              mode: Recommend
              evaluationInterval: %ds
              budgets:
                latency:
                  - name: p95
                    percentile: 0.95
                    target: 200ms
                    window: %ds
                    metric: {preset: Micrometer}
              scaling: {minReplicas: 1, maxReplicas: 10}
            """
                .formatted(ns, INTERVAL.toSeconds(), WINDOW.toSeconds()),
            PerformancePolicy.class);
  }

  @Test
  void aNewPolicyWaitsOneWindowWithoutAWarningThenWarnsOnceThatItHasNoData(
      KubernetesClient client, TestNamespace namespace, PrometheusServer prometheus)
      throws Exception {
    String ns = namespace.name();
    CrdInstaller.install(client, CRD);
    try (HeadroomOperator operator =
        HeadroomOperator.start(new OperatorConfig(prometheus.baseUrl(), Set.of(ns), 0), client)) {
      client.resource(TestObjects.deployment(ns, "web", 1, "64Mi", Map.of())).create();
      PerformancePolicy created = client.resource(policy(ns)).create();
      Instant graceEnds = Instant.parse(created.getMetadata().getCreationTimestamp()).plus(WINDOW);

      PerformancePolicy waiting =
          TestObjects.awaitPolicy(
              client,
              ns,
              "web-budget",
              WAIT,
              "MetricsAvailable=Unknown/Waiting",
              p -> reason(p).equals("Unknown/Waiting"));
      // Events are written before the status that follows them: none was, for this evaluation.
      assertThat(warnings(client, ns)).as("Warnings while waiting").isEmpty();
      PolicyCondition condition =
          TestObjects.condition(waiting, ConditionTypes.METRICS_AVAILABLE).orElseThrow();
      assertThat(condition.message())
          .contains("no series for the target")
          .contains("30s window")
          .contains(graceEnds.toString());

      PerformancePolicy missing =
          TestObjects.awaitPolicy(
              client,
              ns,
              "web-budget",
              WAIT,
              "MetricsAvailable=False/NoData once the window has passed",
              p -> reason(p).equals("False/NoData"));
      // Two more evaluations after the one that found the data missing: they add no Event. They
      // change nothing in the status either, so they are counted in the operator's metrics.
      URI metrics = URI.create("http://127.0.0.1:" + operator.httpPort() + "/metrics");
      double evaluated = evaluations(metrics);
      Poll.until(WAIT, "two more evaluations", () -> evaluations(metrics) >= evaluated + 2);
      assertThat(TestObjects.condition(missing, ConditionTypes.METRICS_AVAILABLE).orElseThrow())
          .isEqualTo(
              TestObjects.condition(
                      client
                          .resources(PerformancePolicy.class)
                          .inNamespace(ns)
                          .withName("web-budget")
                          .get(),
                      ConditionTypes.METRICS_AVAILABLE)
                  .orElseThrow());

      List<Event> warnings = warnings(client, ns);
      assertThat(warnings)
          .singleElement()
          .satisfies(
              e -> {
                assertThat(e.getReason()).isEqualTo("NoData");
                assertThat(e.getMessage()).contains("no series for the target");
                // Event times are whole seconds; the grace ends on one.
                assertThat(Instant.parse(e.getFirstTimestamp())).isAfterOrEqualTo(graceEnds);
              });
    }
  }

  private static String reason(PerformancePolicy policy) {
    return TestObjects.condition(policy, ConditionTypes.METRICS_AVAILABLE)
        .map(c -> c.status() + "/" + c.reason())
        .orElse("");
  }

  private static List<Event> warnings(KubernetesClient client, String ns) {
    return client.v1().events().inNamespace(ns).list().getItems().stream()
        .filter(e -> "PerformancePolicy".equals(e.getInvolvedObject().getKind()))
        .filter(e -> "web-budget".equals(e.getInvolvedObject().getName()))
        .filter(e -> "Warning".equals(e.getType()))
        .toList();
  }

  private static double evaluations(URI metrics) {
    String body = HttpProbe.plain().get(metrics).body();
    Matcher m =
        Pattern.compile("(?m)^headroom_reconciliations_total\\{outcome=\"evaluated\"\\} (\\S+)$")
            .matcher(body);
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }
}
