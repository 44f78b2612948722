package dev.headroom.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code helm lint} and {@code helm template} on the chart, through Helm itself (helm-java). */
class HelmChartTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Exactly the verbs the operator uses in a watched namespace; docs/operations.md says why. */
  static final Map<String, Set<String>> WATCH_RULES =
      new TreeMap<>(
          Map.ofEntries(
              Map.entry("headroom.dev/performancepolicies", Set.of("list", "watch")),
              Map.entry("headroom.dev/performancepolicies/status", Set.of("patch")),
              Map.entry("apps/deployments", Set.of("get", "list", "watch", "patch")),
              Map.entry("apps/statefulsets", Set.of("get", "patch")),
              Map.entry("apps/replicasets", Set.of("get", "patch")),
              Map.entry("apps/statefulsets/scale", Set.of("get")),
              Map.entry("apps/replicasets/scale", Set.of("get")),
              Map.entry("/pods", Set.of("list", "watch")),
              Map.entry("/pods/resize", Set.of("patch")),
              Map.entry("/events", Set.of("create")),
              Map.entry("autoscaling/horizontalpodautoscalers", Set.of("list", "watch")),
              Map.entry("autoscaling.k8s.io/verticalpodautoscalers", Set.of("list", "watch")),
              Map.entry("keda.sh/scaledobjects", Set.of("list", "watch")),
              Map.entry("/secrets", Set.of("get"))));

  @Test
  void lintsCleanInStrictMode() {
    var lint = Chart.lint();
    assertThat(lint.isFailed()).as("helm lint --strict: %s", lint.getMessages()).isFalse();
    assertThat(lint.getMessages()).noneMatch(m -> m.contains("[ERROR]") || m.contains("[WARNING]"));
  }

  @Test
  void shipsTheCrdExactlyAsCrdsHasIt() throws Exception {
    assertThat(Files.readString(Chart.DIR.resolve("crds/performancepolicies.headroom.dev.yaml")))
        .as("helm/headroom/crds/ differs from crds/: run scripts/update-crd.sh")
        .isEqualTo(Files.readString(Path.of("crds/performancepolicies.headroom.dev.yaml")));
  }

  @Test
  void defaultsRenderAClusterWideOperatorThatRunsLockedDown() {
    var rendered = Chart.render("headroom-system", "{}");
    assertThat(rendered.docs().stream().map(d -> d.path("kind").asText()).sorted().toList())
        .containsExactly(
            "ClusterRole",
            "ClusterRoleBinding",
            "Deployment",
            "Role",
            "RoleBinding",
            "Service",
            "ServiceAccount");
    ObjectNode deployment = rendered.one("Deployment");
    JsonNode pod = deployment.at("/spec/template/spec");
    assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).isTrue();
    assertThat(pod.at("/securityContext/runAsUser").asInt()).isPositive();
    assertThat(pod.at("/securityContext/seccompProfile/type").asText()).isEqualTo("RuntimeDefault");
    assertThat(pod.at("/serviceAccountName").asText()).isEqualTo("headroom");
    JsonNode container = pod.at("/containers/0");
    assertThat(container.at("/securityContext/readOnlyRootFilesystem").asBoolean()).isTrue();
    assertThat(container.at("/securityContext/allowPrivilegeEscalation").isBoolean()).isTrue();
    assertThat(container.at("/securityContext/allowPrivilegeEscalation").asBoolean()).isFalse();
    assertThat(container.at("/securityContext/capabilities/drop").toString()).contains("ALL");
    assertThat(container.at("/resources/requests/cpu").asText()).isNotEmpty();
    assertThat(container.at("/resources/requests/memory").asText()).isNotEmpty();
    assertThat(container.at("/resources/limits/memory").asText()).isNotEmpty();
    // Liveness and start-up ask whether the process can make progress, which an apiserver outage
    // does not change; readiness asks whether it can work now. /healthz may ask the apiserver
    // (1 s) before it answers: the kubelet's default 1 s timeout would count that as a failure.
    assertThat(container.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/healthz");
    assertThat(container.at("/livenessProbe/timeoutSeconds").asInt()).isGreaterThan(1);
    assertThat(container.at("/startupProbe/httpGet/path").asText()).isEqualTo("/healthz");
    assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/readyz");
    assertThat(container.at("/image").asText()).isEqualTo("headroom:0.1.0");
    // The image's entrypoint is `java … Main run`: arguments here would be run's options.
    assertThat(container.has("args")).isFalse();
    assertThat(container.has("command")).isFalse();
    assertThat(env(container))
        .containsEntry("HEADROOM_NAMESPACES", "")
        .containsEntry("HEADROOM_LEADER_ELECTION", "true")
        .containsEntry("HEADROOM_PROMETHEUS_URL", "http://prometheus-operated.monitoring.svc:9090")
        .containsEntry("HEADROOM_LOG_FORMAT", "text")
        .doesNotContainKeys("HEADROOM_PROMETHEUS_BEARER_TOKEN_FILE", "HEADROOM_PROMETHEUS_HEADERS");
    assertThat(mountPaths(container)).containsExactly("/tmp");

    assertThat(rules(rendered.one("ClusterRole"))).isEqualTo(WATCH_RULES);
    assertThat(rendered.one("ClusterRoleBinding").at("/subjects/0/namespace").asText())
        .isEqualTo("headroom-system");
    ObjectNode lease = rendered.named("Role", "headroom-leader-election").orElseThrow();
    assertThat(lease.at("/metadata/namespace").asText()).isEqualTo("headroom-system");
    assertThat(rules(lease)).isEqualTo(Map.of("coordination.k8s.io/leases", Set.of("create")));
    assertThat(lease.at("/rules/1/resourceNames").toString()).contains("headroom-operator-lock");
    assertThat(strings(lease.at("/rules/1/verbs"))).containsExactly("get", "update", "patch");
  }

  @Test
  void rolloutsAndCustomScaleTargetsAddOnlyTheirOwnRules() {
    var rendered =
        Chart.render(
            "headroom-system",
            "rbac: {argoRollouts: true, scaleTargets: [{apiGroup: example.com, resource: workers}]}");
    Map<String, Set<String>> expected = new TreeMap<>(WATCH_RULES);
    expected.put("argoproj.io/rollouts", Set.of("get", "patch"));
    expected.put("argoproj.io/rollouts/scale", Set.of("get", "patch"));
    expected.put("example.com/workers", Set.of("get"));
    expected.put("example.com/workers/scale", Set.of("get", "patch"));
    assertThat(rules(rendered.one("ClusterRole"))).isEqualTo(expected);
  }

  @Test
  void noRuleUsesWildcardsOrReadsSecretsInBulk() {
    for (String values : List.of("{}", "watchNamespaces: [shop, search]")) {
      var rendered = Chart.render("headroom-system", values);
      for (String kind : List.of("ClusterRole", "Role")) {
        for (ObjectNode role : rendered.ofKind(kind)) {
          for (JsonNode rule : role.path("rules")) {
            assertThat(rule.toString()).doesNotContain("\"*\"");
            if (rule.path("resources").toString().contains("\"secrets\"")) {
              assertThat(strings(rule.path("verbs"))).containsExactly("get");
            }
          }
        }
      }
    }
  }

  @Test
  void aListOfNamespacesGetsARolePerNamespaceAndNothingClusterWide() {
    var rendered = Chart.render("ops", "watchNamespaces: [shop, search]");
    assertThat(rendered.ofKind("ClusterRole")).isEmpty();
    assertThat(rendered.ofKind("ClusterRoleBinding")).isEmpty();
    List<ObjectNode> watchRoles =
        rendered.ofKind("Role").stream()
            .filter(r -> r.at("/metadata/name").asText().equals("headroom"))
            .toList();
    assertThat(watchRoles.stream().map(r -> r.at("/metadata/namespace").asText()))
        .containsExactlyInAnyOrder("shop", "search");
    watchRoles.forEach(role -> assertThat(rules(role)).isEqualTo(WATCH_RULES));
    assertThat(
            rendered.ofKind("RoleBinding").stream()
                .map(
                    b ->
                        b.at("/metadata/namespace").asText()
                            + ":"
                            + b.at("/roleRef/name").asText()))
        .containsExactlyInAnyOrder(
            "shop:headroom", "search:headroom", "ops:headroom-leader-election");
    assertThat(env(rendered.one("Deployment").at("/spec/template/spec/containers/0")))
        .containsEntry("HEADROOM_NAMESPACES", "shop,search");
  }

  @Test
  void shardsRenderOneDeploymentEachWithItsOwnSelectorIndexAndLease() {
    var rendered = Chart.render("headroom-system", "{shards: 3, replicaCount: 2}");
    List<ObjectNode> deployments = rendered.ofKind("Deployment");
    assertThat(deployments)
        .extracting(d -> d.at("/metadata/name").asText())
        .containsExactly("headroom-shard-0", "headroom-shard-1", "headroom-shard-2");
    for (int i = 0; i < 3; i++) {
      ObjectNode deployment = deployments.get(i);
      assertThat(deployment.at("/spec/replicas").asInt()).isEqualTo(2);
      // Selectors that overlap would have each Deployment's ReplicaSets fight over the others'
      // pods.
      assertThat(deployment.at("/spec/selector/matchLabels/headroom.dev~1shard").asText())
          .isEqualTo(String.valueOf(i));
      assertThat(deployment.at("/spec/template/metadata/labels/headroom.dev~1shard").asText())
          .isEqualTo(String.valueOf(i));
      assertThat(env(deployment.at("/spec/template/spec/containers/0")))
          .containsEntry("HEADROOM_SHARDS", "3")
          .containsEntry("HEADROOM_SHARD_INDEX", String.valueOf(i))
          .containsEntry("HEADROOM_LEASE_NAME", "headroom-operator-lock");
    }
    ObjectNode leases = rendered.named("Role", "headroom-leader-election").orElseThrow();
    assertThat(leases.at("/rules/1/resourceNames"))
        .extracting(JsonNode::asText)
        .containsExactly(
            "headroom-operator-lock-shard-0",
            "headroom-operator-lock-shard-1",
            "headroom-operator-lock-shard-2");
  }

  @Test
  void oneShardRendersTheDeploymentAsBefore() {
    var rendered = Chart.render("headroom-system", "{}");
    ObjectNode deployment = rendered.one("Deployment");
    assertThat(deployment.at("/metadata/name").asText()).isEqualTo("headroom");
    assertThat(deployment.at("/spec/selector/matchLabels").has("headroom.dev/shard")).isFalse();
    assertThat(env(deployment.at("/spec/template/spec/containers/0")))
        .doesNotContainKeys("HEADROOM_SHARDS", "HEADROOM_SHARD_INDEX");
    assertThat(
            rendered
                .named("Role", "headroom-leader-election")
                .orElseThrow()
                .at("/rules/1/resourceNames"))
        .extracting(JsonNode::asText)
        .containsExactly("headroom-operator-lock");
  }

  @Test
  void nonDefaultValuesReachTheOperator() {
    var rendered =
        Chart.render(
            "headroom-system",
            """
            replicaCount: 3
            image:
              repository: registry.example.com/platform/headroom
              digest: sha256:%s
            prometheus:
              url: https://mimir.example.com/prometheus
              auth:
                type: basic
                secretName: mimir-reader
              headers:
                X-Scope-OrgID: team-a
              tls:
                caSecretName: mimir-ca
            logging:
              format: json
              level: DEBUG
            evaluation:
              minInterval: 30s
            leaderElection:
              leaseDuration: 20s
            nodeSelector:
              kubernetes.io/os: linux
            tolerations:
              - key: dedicated
                operator: Equal
                value: platform
                effect: NoSchedule
            """
                .formatted("a".repeat(64)));
    JsonNode pod = rendered.one("Deployment").at("/spec/template/spec");
    JsonNode container = pod.at("/containers/0");
    assertThat(rendered.one("Deployment").at("/spec/replicas").asInt()).isEqualTo(3);
    assertThat(container.at("/image").asText())
        .isEqualTo("registry.example.com/platform/headroom@sha256:" + "a".repeat(64));
    assertThat(env(container))
        .containsEntry("HEADROOM_PROMETHEUS_URL", "https://mimir.example.com/prometheus")
        .containsEntry(
            "HEADROOM_PROMETHEUS_USERNAME_FILE", "/etc/headroom/prometheus-auth/username")
        .containsEntry(
            "HEADROOM_PROMETHEUS_PASSWORD_FILE", "/etc/headroom/prometheus-auth/password")
        .containsEntry("HEADROOM_PROMETHEUS_CA_FILE", "/etc/headroom/prometheus-ca/ca.crt")
        .containsEntry("HEADROOM_PROMETHEUS_HEADERS", "{\"X-Scope-OrgID\":\"team-a\"}")
        .containsEntry("HEADROOM_LOG_FORMAT", "json")
        .containsEntry("HEADROOM_LOG_LEVEL", "DEBUG")
        .containsEntry("HEADROOM_MIN_EVALUATION_INTERVAL", "30s")
        .containsEntry("HEADROOM_LEASE_DURATION", "20s")
        .containsEntry("HEADROOM_SHUTDOWN_GRACE", "10s");
    assertThat(mountPaths(container))
        .containsExactly("/tmp", "/etc/headroom/prometheus-auth", "/etc/headroom/prometheus-ca");
    assertThat(pod.at("/volumes/1/secret/secretName").asText()).isEqualTo("mimir-reader");
    assertThat(pod.at("/nodeSelector/kubernetes.io~1os").asText()).isEqualTo("linux");
    assertThat(pod.at("/tolerations/0/key").asText()).isEqualTo("dedicated");
    // The credentials stay in the Secret: nothing rendered carries a value from it.
    assertThat(rendered.text()).doesNotContain("password:").doesNotContain("token:");
  }

  @Test
  void optionalMonitoringIsOffByDefaultAndCompleteWhenOn() throws Exception {
    assertThat(Chart.render("headroom-system", "{}").docs())
        .noneMatch(d -> Set.of("ServiceMonitor", "PrometheusRule", "ConfigMap").contains(kind(d)));

    var rendered =
        Chart.render(
            "headroom-system",
            """
            serviceMonitor: {enabled: true, labels: {release: kube-prometheus-stack}}
            prometheusRule: {enabled: true, criticalViolationFor: 7m}
            dashboard: {enabled: true, namespace: monitoring}
            """);
    ObjectNode monitor = rendered.one("ServiceMonitor");
    assertThat(monitor.at("/metadata/labels/release").asText()).isEqualTo("kube-prometheus-stack");
    assertThat(monitor.at("/spec/endpoints/0/port").asText())
        .isEqualTo(rendered.one("Service").at("/spec/ports/0/name").asText());
    assertThat(monitor.at("/spec/selector/matchLabels"))
        .isEqualTo(rendered.one("Service").at("/spec/selector"));

    Map<String, JsonNode> alerts = new TreeMap<>();
    rendered
        .one("PrometheusRule")
        .at("/spec/groups/0/rules")
        .forEach(r -> alerts.put(r.path("alert").asText(), r));
    assertThat(alerts)
        .containsOnlyKeys(
            "HeadroomBudgetCritical",
            "HeadroomPrometheusUnreachable",
            "HeadroomReconcileErrors",
            "HeadroomNoLeader",
            "HeadroomOperatorDown");
    assertThat(alerts.get("HeadroomBudgetCritical").path("for").asText()).isEqualTo("7m");
    // Without the chart's ServiceMonitor the operator's scrape job is unknown: no `up` alert.
    assertThat(
            Chart.render("headroom-system", "prometheusRule: {enabled: true}")
                .one("PrometheusRule")
                .at("/spec/groups/0/rules")
                .toString())
        .contains("HeadroomNoLeader")
        .doesNotContain("HeadroomOperatorDown");
    alerts.values().forEach(r -> assertThat(r.at("/annotations/summary").asText()).isNotBlank());

    ObjectNode dashboard = rendered.one("ConfigMap");
    assertThat(dashboard.at("/metadata/namespace").asText()).isEqualTo("monitoring");
    assertThat(dashboard.at("/metadata/labels/grafana_dashboard").asText()).isEqualTo("1");
    JsonNode json = JSON.readTree(dashboard.at("/data/headroom.json").asText());
    assertThat(json.path("uid").asText()).isEqualTo("headroom-overview");
    assertThat(Dashboard.expressions(json))
        .anyMatch(e -> e.contains("headroom_policy_budget_observed"))
        .anyMatch(e -> e.contains("headroom_policy_budget_target"))
        .anyMatch(e -> e.contains("headroom_policy_replicas"));
  }

  @Test
  void theNotesSayWhatToDoNext() {
    String notes = Chart.notes("headroom-system", "{}");
    assertThat(notes)
        .contains("kubectl -n headroom-system rollout status deployment/headroom")
        .contains("every namespace")
        .contains("http://prometheus-operated.monitoring.svc:9090")
        .contains("examples/first-policy.yaml")
        .contains("Set serviceMonitor.enabled");
    assertThat(Path.of("examples/first-policy.yaml")).exists();
    assertThat(
            Chart.notes(
                "ops",
                "watchNamespaces: [shop, search]\nreplicaCount: 2\nserviceMonitor: {enabled: true}"))
        .contains("in: shop, search")
        .contains("2 replicas run; one holds lease headroom-operator-lock")
        .doesNotContain("Set serviceMonitor.enabled");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          replicaCount: 2\\nleaderElection: {enabled: false}  | needs leaderElection.enabled=true
          prometheus: {url: 'ftp://prometheus:9090'}           | at '/prometheus/url'
          prometheus: {url: 'http://user:pw@prometheus:9090'}  | at '/prometheus/url'
          prometheus: {auth: {type: bearer}}                   | needs prometheus.auth.secretName
          prometheus: {auth: {type: oauth}}                    | at '/prometheus/auth/type'
          prometheus: {headers: {Authorization: 'Bearer x'}}   | prometheus.headers.Authorization: this header may not be set here
          replicas: 2                                          | additional properties 'replicas' not allowed
          evaluation: {minInterval: 30}                        | at '/evaluation/minInterval'
          evaluation: {queryTimeout: 10 seconds}               | at '/evaluation/queryTimeout'
          logging: {format: xml}                               | at '/logging/format'
          watchNamespaces: [Shop]                              | at '/watchNamespaces/0'
          image: {digest: 'latest'}                            | at '/image/digest'
          httpPort: 80                                         | at '/httpPort'
          """)
  void badValuesAreRejectedNamingTheValue(String values, String expected) {
    assertThat(Chart.renderError("headroom-system", values.replace("\\n", "\n")))
        .contains(expected);
  }

  private static String kind(JsonNode doc) {
    return doc.path("kind").asText();
  }

  private static Map<String, String> env(JsonNode container) {
    Map<String, String> env = new TreeMap<>();
    container.path("env").forEach(e -> env.put(e.path("name").asText(), e.path("value").asText()));
    return env;
  }

  private static List<String> mountPaths(JsonNode container) {
    List<String> paths = new ArrayList<>();
    container.path("volumeMounts").forEach(m -> paths.add(m.path("mountPath").asText()));
    return paths;
  }

  /** group/resource → verbs, merged over the role's rules. */
  static Map<String, Set<String>> rules(JsonNode role) {
    Map<String, Set<String>> rules = new TreeMap<>();
    for (JsonNode rule : role.path("rules")) {
      if (rule.has("resourceNames")) {
        continue;
      }
      for (String group : strings(rule.path("apiGroups"))) {
        for (String resource : strings(rule.path("resources"))) {
          rules
              .computeIfAbsent(group + "/" + resource, k -> new java.util.TreeSet<>())
              .addAll(strings(rule.path("verbs")));
        }
      }
    }
    return rules;
  }

  static List<String> strings(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false)
        .map(JsonNode::asText)
        .collect(Collectors.toList());
  }
}
