package dev.headroom.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.headroom.helm.Chart;
import dev.headroom.runtime.HeadroomOperator;
import dev.headroom.runtime.LeaderElection;
import dev.headroom.runtime.OperatorConfig;
import dev.headroom.testing.cluster.Cluster;
import dev.headroom.testing.cluster.Impersonation;
import dev.headroom.testing.cluster.RealCluster;
import dev.headroom.testing.cluster.TestNamespace;
import dev.headroom.testing.env.HttpProbe;
import dev.headroom.testing.prometheus.PrometheusServer;
import dev.headroom.testing.prometheus.RealPrometheus;
import dev.headroom.testing.workload.LiveWorkload;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The operator run with exactly the permissions the Helm chart gives its ServiceAccount (the
 * apiserver's RBAC, through impersonation), leader election on: the closed loop still works — the
 * Lease is taken, a Secret-backed Prometheus is read, a load step is met by scaling up, Events and
 * status are written. Any verb the chart forgot fails this test; {@code HelmChartIT} checks the
 * other direction (nothing more than needed).
 */
@RealCluster(workloads = true)
@RealPrometheus
class ChartPermissionsIT {
  private static final Duration SETTLE = Duration.ofSeconds(120);
  private static final Pattern METRIC =
      Pattern.compile("\\b(headroom_[a-z_]+?)(_bucket|_count|_sum)?\\b");
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void theClosedLoopRunsWithOnlyTheChartsPermissions(
      KubernetesClient admin, Cluster cluster, TestNamespace namespace, PrometheusServer prometheus)
      throws Exception {
    String ns = namespace.name();
    String release =
        "headroom-rbac-" + UUID.randomUUID().toString().substring(0, 6).toLowerCase(Locale.ROOT);
    admin
        .resource(new NamespaceBuilder().withNewMetadata().withName(release).endMetadata().build())
        .create();
    try {
      var rendered = Chart.render(release, release, "watchNamespaces: [" + ns + "]");
      for (ObjectNode doc : rendered.docs()) {
        if (!doc.path("kind").asText().equals("Deployment")) {
          admin
              .resource(
                  admin
                      .getKubernetesSerialization()
                      .unmarshal(doc.toString(), GenericKubernetesResource.class))
              .create();
        }
      }
      // The policy reads its Prometheus with a token from a Secret in its namespace: `secrets get`.
      admin
          .resource(
              new SecretBuilder()
                  .withNewMetadata()
                  .withName("prom-reader")
                  .withNamespace(ns)
                  .endMetadata()
                  .addToStringData("token", "not-checked-by-the-test-prometheus")
                  .build())
          .create();
      String identity = "chart-rbac-it";
      try (KubernetesClient operatorClient =
              Impersonation.asServiceAccount(admin, release, release);
          LoopUnderTest loop = new LoopUnderTest("chart-rbac", admin, cluster, ns, prometheus)) {
        LiveWorkload web = loop.addTarget("web", 2, "512Mi", 40);
        loop.awaitScraped("web", SETTLE);
        loop.apply(
            LoopUnderTest.policy(
                ns,
                "web",
                "web",
                "Enforce",
                30,
                """
                  prometheus:
                    url: %s
                    bearerToken: {name: prom-reader, key: token}
                """
                    .formatted(prometheus.baseUrl())));
        OperatorConfig config =
            new OperatorConfig(URI.create("http://127.0.0.1:9"), Set.of(ns), 0)
                .withLeaderElection(
                    LeaderElection.inNamespace(release, identity)
                        .withDurations(
                            Duration.ofSeconds(6), Duration.ofSeconds(4), Duration.ofSeconds(1))
                        .withExitOnLostLease(false));
        HeadroomOperator operator = loop.startOperator(config, operatorClient);
        loop.watch("web", "web");
        loop.await(
            "metrics read through the Secret, budget met at the base load",
            SETTLE,
            s ->
                "True".equals(s.conditions().get("MetricsAvailable"))
                    && "True".equals(s.conditions().get("BudgetsMet")));

        // One signal window at the base load first, as LoadStepIT does: a step on a series the
        // operator has seen for a few seconds is read as a rate still climbing from a young
        // window (7.9 req/s for 40), and how fast it then scales is not what this test is about.
        Thread.sleep(LoopUnderTest.BASE_LOAD_SEEN.toMillis());
        loop.mark("step");
        web.offer(150);
        loop.await(
            "scaled up and back under budget, as the chart's ServiceAccount",
            SETTLE,
            s -> s.replicas() > 2 && s.ready() == s.replicas() && s.violations().isEmpty());
        assertThat(loop.eventReasons("PerformancePolicy", "web"))
            .contains("BudgetViolated", "ScaleUp");
        assertThat(loop.eventReasons("Deployment", "web")).contains("ScaleUp");
        assertThat(loop.deployment("web").getMetadata().getManagedFields())
            .anyMatch(f -> "headroom".equals(f.getManager()));
        var lease =
            admin.leases().inNamespace(release).withName(LeaderElection.DEFAULT_LEASE_NAME).get();
        assertThat(lease.getSpec().getHolderIdentity()).isEqualTo(identity);

        // Every operator metric the chart's dashboard and alerts read is one the operator serves.
        String exposition =
            HttpProbe.plain()
                .get(URI.create("http://127.0.0.1:" + operator.httpPort() + "/metrics"))
                .body();
        assertThat(exposition).containsPattern("(?m)^headroom_leader 1(\\.0)?$");
        Set<String> referenced = new TreeSet<>();
        addMetrics(referenced, Chart.DIR.resolve("dashboards/headroom.json"));
        addMetrics(referenced, Chart.DIR.resolve("templates/prometheusrule.yaml"));
        assertThat(referenced)
            .contains("headroom_policy_budget_observed", "headroom_prometheus_queries_total");
        for (String metric : referenced) {
          assertThat(exposition)
              .as("/metrics serves %s", metric)
              .containsPattern("(?m)^" + metric + "[{ ]");
        }
      }
    } finally {
      admin.namespaces().withName(release).delete();
    }
  }

  private static void addMetrics(Set<String> into, Path file) throws Exception {
    Matcher matcher = METRIC.matcher(java.nio.file.Files.readString(file));
    while (matcher.find()) {
      into.add(matcher.group(1) + (matcher.group(2) == null ? "" : matcher.group(2)));
    }
  }
}
