package dev.headroom.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.headroom.testing.env.TestEnvironment;
import dev.headroom.testing.env.Unavailable;
import dev.headroom.testing.prometheus.PrometheusServer;
import dev.headroom.testing.prometheus.RealPrometheus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chart's alerts and dashboard against Prometheus itself: {@code promtool} checks the rules and
 * runs their unit tests (each alert fires when it should and not before), and every dashboard query
 * is accepted by a real Prometheus.
 */
@RealPrometheus
class MonitoringIT {
  private static final ObjectMapper YAML = new YAMLMapper();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path RULE_TESTS = Path.of("src/test/resources/helm/alerts-test.yaml");

  @Test
  void theAlertsPassPromtoolAndFireOnlyWhenTheyShould(@TempDir Path dir) throws Exception {
    ObjectNode rule =
        Chart.render(
                "headroom-system",
                "prometheusRule: {enabled: true}\nserviceMonitor: {enabled: true}")
            .one("PrometheusRule");
    Path rules = dir.resolve("rules.yaml");
    YAML.writeValue(rules.toFile(), rule.path("spec"));
    assertThat(promtool(dir, "check", "rules", rules.toString()))
        .contains("SUCCESS: 5 rules found");

    // The unit tests check labels and timing; annotations are prose, checked above for syntax.
    ObjectNode bare = rule.path("spec").deepCopy();
    bare.path("groups")
        .forEach(g -> g.path("rules").forEach(r -> ((ObjectNode) r).remove("annotations")));
    YAML.writeValue(dir.resolve("bare-rules.yaml").toFile(), bare);
    Path tests = dir.resolve("alerts-test.yaml");
    Files.copy(RULE_TESTS, tests);
    assertThat(promtool(dir, "test", "rules", tests.toString())).contains("SUCCESS");
  }

  @Test
  void everyDashboardQueryIsValidPromql(PrometheusServer prometheus) throws IOException {
    JsonNode dashboard = JSON.readTree(Chart.DIR.resolve("dashboards/headroom.json").toFile());
    List<String> expressions = new ArrayList<>(Dashboard.expressions(dashboard));
    dashboard
        .at("/templating/list")
        .forEach(
            v -> {
              String query = v.at("/query/query").asText();
              if (query.startsWith("label_values(")) {
                // label_values(selector, label) is Grafana's; its selector is PromQL.
                expressions.add(query.substring(13, query.lastIndexOf(',')));
              }
            });
    assertThat(expressions).hasSizeGreaterThan(10);
    for (String expression : expressions) {
      String promql =
          expression
              .replace("$namespace", ".*")
              .replace("$policy", ".*")
              .replace("$budget", "latency/p95");
      // query() throws with Prometheus' parse error for anything it refuses.
      assertThat(prometheus.query(promql)).as(promql).isNotNull();
    }
  }

  private static String promtool(Path dir, String... args) throws Exception {
    TestEnvironment env = TestEnvironment.locate();
    var missing = env.whyMissing("promtool");
    if (missing.isPresent()) {
      throw Unavailable.skipOrFail(
          "promtool",
          missing.get(),
          "run `bash scripts/test-env.sh`, which installs it with Prometheus");
    }
    List<String> command = new ArrayList<>();
    command.add(env.binaryPath("promtool").toString());
    command.addAll(List.of(args));
    Process process =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as("promtool %s:\n%s", String.join(" ", args), output).isZero();
    return output;
  }
}
