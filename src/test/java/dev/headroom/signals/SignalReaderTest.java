package dev.headroom.signals;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headroom.signals.StubHttp.Reply;
import dev.headroom.signals.TemplateValidation.Verdict;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * A cycle against a stub that answers like Prometheus: every outcome classified per signal and per
 * policy, one policy's trouble never another's, and nothing thrown.
 */
class SignalReaderTest {
  private static final String LATENCY =
      "budgets:\n  latency:\n    - {name: p95, percentile: 0.95, target: 200ms, metric: {preset:"
          + " Micrometer}}\n";

  private final Instant now = Instant.now();
  private final PrometheusRegistry registry = new PrometheusRegistry();

  private SignalReader reader(SignalSettings settings) {
    return new SignalReader(
        settings.withRetries(1, Duration.ofMillis(1), Duration.ofMillis(1)),
        registry,
        new SplittableRandom(7),
        d -> {},
        java.time.InstantSource.system());
  }

  /** Fresh timestamps for freshness queries, {@code value} for the others. */
  private Function<StubHttp.Request, Reply> answering(Function<String, Reply> values) {
    return request -> {
      String query = request.form("query");
      if (query.startsWith("max (timestamp(")
          || query.startsWith("max by (namespace, headroom_target) (label_replace(timestamp(")) {
        double seconds = now.toEpochMilli() / 1000.0;
        if (query.contains("old-")) {
          seconds -= 600;
        }
        if (query.startsWith("max by")) {
          String t = Double.toString(seconds);
          return Reply.ok(
              StubHttp.vector(
                  "{\"namespace\":\"shop\",\"headroom_target\":\"api\"}", t,
                  "{\"namespace\":\"shop\",\"headroom_target\":\"cart\"}", t,
                  "{\"namespace\":\"shop\",\"headroom_target\":\"web\"}", t));
        }
        return Reply.ok(StubHttp.vector("{}", Double.toString(seconds)));
      }
      return values.apply(query);
    };
  }

  @Test
  void eachPolicyGetsItsOwnClassifiedStatus() {
    try (StubHttp stub =
            StubHttp.start(
                answering(
                    q -> {
                      if (q.contains("empty-")) {
                        return Reply.ok(StubHttp.vector());
                      }
                      if (q.contains("nan-")) {
                        return Reply.ok(StubHttp.vector("{}", "NaN"));
                      }
                      if (q.contains("inf-")) {
                        return Reply.ok(StubHttp.vector("{}", "+Inf"));
                      }
                      return Reply.ok(StubHttp.vector("{}", "0.2"));
                    }));
        SignalReader reader = reader(SignalSettings.defaults().withBatching(false))) {
      EndpointConfig endpoint = EndpointConfig.of(stub.url());
      List<PolicyTarget> policies = new ArrayList<>();
      for (String target : List.of("api", "empty", "nan", "inf", "old")) {
        policies.add(Policies.policy("shop", target, target, endpoint, LATENCY));
      }
      policies.add(
          Policies.policy(
              "shop",
              "no-metric",
              "api",
              endpoint,
              "budgets:\n  latency:\n    - {name: p95, percentile: 0.95, target: 1s, metric:"
                  + " {preset: PrometheusHistogram}}\n"));
      policies.add(
          Policies.policy(
              "shop",
              "template",
              "api",
              endpoint,
              "budgets:\n  latency:\n    - {name: p95, percentile: 0.95, target: 1s, metric:"
                  + " {query: 'x{a=\"{{nmespace}}\"}'}}\n"));

      CycleResult cycle = reader.readCycle(policies, now);

      var ok = cycle.policies().get(new PolicyId("shop", "api"));
      assertThat(ok.status().available()).isTrue();
      assertThat(ok.status().reason()).isEqualTo("MetricsRead");
      assertThat(ok.signals().latencyQuantileSeconds().get(0.95).value()).isEqualTo(0.2);
      assertThat(ok.signals().requestRate()).isPresent();
      assertThat(ok.signals().cpuCoresPerPod()).isPresent();

      assertReason(cycle, "empty", "NoData", SignalError.NO_DATA);
      assertReason(cycle, "nan", "NotANumber", SignalError.NOT_A_NUMBER);
      assertReason(cycle, "inf", "Infinite", SignalError.INFINITE);
      assertReason(cycle, "old", "StaleData", SignalError.STALE);
      assertReason(cycle, "no-metric", "InvalidMetricSpec", SignalError.INVALID_SPEC);
      assertReason(cycle, "template", "BadQuery", SignalError.BAD_QUERY);
      assertThat(cycle.policies().get(new PolicyId("shop", "template")).status().message())
          .contains("unknown placeholder {{nmespace}}");
      assertThat(
              cycle
                  .policies()
                  .get(new PolicyId("shop", "empty"))
                  .signals()
                  .latencyQuantileSeconds())
          .as("no data is absent, never zero")
          .isEmpty();
      assertThat(stub.requests()).noneMatch(r -> r.form("query").contains("nmespace"));
    }
  }

  private static void assertReason(
      CycleResult cycle, String policy, String reason, SignalError error) {
    MetricsStatus status = cycle.policies().get(new PolicyId("shop", policy)).status();
    assertThat(status.available()).as(policy).isFalse();
    assertThat(status.reason()).as(policy).isEqualTo(reason);
    assertThat(status.signal("latency/p95").orElseThrow().error()).as(policy).contains(error);
  }

  @Test
  void aPartialAnswerFromVmselectIsMissingDataForEveryPolicyItAnswers() {
    // vmselect's answer when a vmstorage node did not reply (-search.denyPartialResponse off):
    // no server here can produce it (it takes a VictoriaMetrics cluster), so a stub says it.
    try (StubHttp stub =
            StubHttp.start(
                answering(
                    q ->
                        Reply.ok(
                            StubHttp.vector(
                                    "{\"namespace\":\"shop\",\"headroom_target\":\"api\"}",
                                    "0.001",
                                    "{\"namespace\":\"shop\",\"headroom_target\":\"cart\"}",
                                    "0.001")
                                .replaceFirst(
                                    "\\{\"status\":\"success\",",
                                    "{\"status\":\"success\",\"isPartial\":true,"))));
        SignalReader reader = reader(SignalSettings.defaults())) {
      // A trailing slash on the prefix is dropped, not doubled.
      EndpointConfig endpoint = EndpointConfig.of(stub.url() + "/select/0/prometheus/");
      List<PolicyTarget> policies =
          List.of(
              Policies.policy("shop", "a", "api", endpoint, LATENCY),
              Policies.policy("shop", "b", "cart", endpoint, LATENCY));
      CycleResult cycle = reader.readCycle(policies, now);
      for (PolicyTarget p : policies) {
        PolicySignals read = cycle.policies().get(p.id());
        assertThat(read.status().reason()).isEqualTo("PartialData");
        assertThat(read.status().message()).contains("isPartial: true");
        // A tiny partial latency would look like headroom; it must not reach the engine.
        assertThat(read.signals().latencyQuantileSeconds()).isEmpty();
        assertThat(read.signals().requestRate()).isEmpty();
      }
      assertThat(stub.requests())
          .allSatisfy(r -> assertThat(r.path()).isEqualTo("/select/0/prometheus/api/v1/query"));
    }
  }

  @Test
  void aGroupedQueryPrometheusRefusesIsAskedAgainPerPolicy() {
    try (StubHttp stub =
            StubHttp.start(
                answering(
                    q ->
                        q.contains("label_replace")
                            ? Reply.status(
                                422,
                                "{\"status\":\"error\",\"errorType\":\"execution\",\"error\":\"too"
                                    + " many samples\"}")
                            : Reply.ok(StubHttp.vector("{}", "0.3"))));
        SignalReader reader = reader(SignalSettings.defaults())) {
      EndpointConfig endpoint = EndpointConfig.of(stub.url());
      List<PolicyTarget> policies =
          List.of(
              Policies.policy("shop", "a", "api", endpoint, LATENCY),
              Policies.policy("shop", "b", "cart", endpoint, LATENCY),
              Policies.policy("shop", "c", "web", endpoint, LATENCY));
      CycleResult cycle = reader.readCycle(policies, now);
      for (PolicyTarget p : policies) {
        assertThat(
                cycle.policies().get(p.id()).signals().latencyQuantileSeconds().get(0.95).value())
            .isEqualTo(0.3);
      }
      // 5 grouped families (histogram freshness, p95, request rate, cAdvisor freshness, CPU);
      // the stub refuses the 3 that are not timestamps, which are asked per policy: 3 × 3.
      assertThat(cycle.queriesIssued()).isEqualTo(5 + 3 * 3);
      double gauge =
          registry.scrape().stream()
              .filter(s -> s.getMetadata().getName().equals("headroom_signal_queries_per_cycle"))
              .map(s -> ((GaugeSnapshot) s).getDataPoints().get(0).getValue())
              .findFirst()
              .orElseThrow();
      assertThat(gauge).isEqualTo(cycle.queriesIssued());
    }
  }

  @Test
  void prometheusDownIsUnreachableForEveryPolicyAndNothingThrows() {
    int port;
    try (StubHttp stub = StubHttp.start(r -> Reply.ok(""))) {
      port = stub.port();
    }
    try (SignalReader reader = reader(SignalSettings.defaults())) {
      EndpointConfig endpoint = EndpointConfig.of("http://127.0.0.1:" + port);
      CycleResult cycle =
          reader.readCycle(
              List.of(
                  Policies.policy("shop", "a", "api", endpoint, LATENCY),
                  Policies.policy("shop", "b", "web", endpoint, LATENCY)),
              now);
      assertThat(cycle.policies().values())
          .allSatisfy(
              p -> assertThat(p.status().reason()).isIn("PrometheusUnreachable", "CircuitOpen"));
    }
  }

  @Test
  void oddSpecsBecomeStatusesNotExceptions() {
    try (StubHttp stub = StubHttp.start(answering(q -> Reply.ok(StubHttp.vector("{}", "1"))));
        SignalReader reader = reader(SignalSettings.defaults())) {
      EndpointConfig endpoint = EndpointConfig.of(stub.url());
      List<String> specs =
          List.of(
              "budgets: {}\n",
              "budgets:\n  errorRate: {targetPercent: 1}\n",
              "budgets:\n  latency:\n    - {name: a, target: 1s, window: 5x, metric: {preset: Istio}}\n",
              "budgets:\n  latency:\n    - {name: a, target: 1s, metric: {preset: Istio}}\n",
              "budgets:\n  latency:\n    - {name: a, percentile: 0.9, target: 1s}\n",
              "budgets:\n  latency:\n    - {name: a, percentile: 0.9, target: 1s, metric: {preset: Micrometer, metric: 'bad name'}}\n",
              "budgets:\n  latency:\n    - {name: a, percentile: 0.9, target: 1s, metric: {preset: Micrometer, matchLabels: {pod: x}}}\n",
              "budgets:\n  latency:\n    - {name: a, percentile: 0.9, target: 1s, metric: {query: 'up'}}\n  throughput: {minRequestsPerSecond: 1}\n",
              "budgets:\n  cpu: {targetUtilizationPercent: 50, window: 1us}\n");
      List<PolicyTarget> policies = new ArrayList<>();
      for (int i = 0; i < specs.size(); i++) {
        policies.add(Policies.policy("shop", "p" + i, "api", endpoint, specs.get(i)));
      }
      policies.add(
          new PolicyTarget(
              new PolicyId("shop", "null-budgets"),
              new dev.headroom.api.v1alpha1.PerformancePolicySpec(
                  null, null, null, null, null, null, null, null),
              endpoint));
      policies.add(
          Policies.policy("shop", "no-target", "x", endpoint, "targetRef: {name: ''}\n" + LATENCY));
      CycleResult cycle = reader.readCycle(policies, now);
      assertThat(cycle.policies()).hasSize(specs.size() + 2);
      assertThat(cycle.policies().get(new PolicyId("shop", "no-target")).status().message())
          .contains("names no target");
      for (int i = 1; i < specs.size(); i++) {
        MetricsStatus status = cycle.policies().get(new PolicyId("shop", "p" + i)).status();
        assertThat(status.available()).as(specs.get(i)).isFalse();
        assertThat(status.reason()).as(specs.get(i)).isIn("InvalidMetricSpec", "BadQuery");
      }
      assertThat(cycle.policies().get(new PolicyId("shop", "p7")).status().message())
          .contains("throughput.metric is required");
    }
  }

  @Test
  void templatesAreJudgedLocallyThenByPrometheus() {
    try (StubHttp stub =
            StubHttp.start(
                r ->
                    r.form("query").contains("sum(")
                        ? Reply.ok(StubHttp.vector("{}", "0.1"))
                        : Reply.status(
                            400,
                            "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"1:4:"
                                + " parse error: unexpected end of input\"}"));
        SignalReader reader = reader(SignalSettings.defaults())) {
      PolicyTarget policy =
          Policies.policy("shop", "p", "api", EndpointConfig.of(stub.url()), LATENCY);
      Duration window = Duration.ofMinutes(5);
      var local = reader.validateTemplate(policy, "f", "up{a={{target}}}", window, now);
      assertThat(local.verdict()).isEqualTo(Verdict.INVALID);
      assertThat(local.message()).contains("quoted string");
      assertThat(stub.requests()).isEmpty();

      var refused = reader.validateTemplate(policy, "f", "up{", window, now);
      assertThat(refused.verdict()).isEqualTo(Verdict.INVALID);
      assertThat(refused.error()).contains(SignalError.BAD_QUERY);
      assertThat(refused.message()).contains("1:4: parse error: unexpected end of input");

      var good =
          reader.validateTemplate(
              policy, "f", "sum(rate(x{namespace=\"{{namespace}}\"}[{{window}}]))", window, now);
      assertThat(good.valid()).isTrue();
      assertThat(good.query()).contains("sum(rate(x{namespace=\"shop\"}[5m]))");
    }
    try (SignalReader reader =
        new SignalReader(SignalSettings.defaults(), new PrometheusRegistry())) {
      PolicyTarget policy =
          Policies.policy("shop", "p", "api", EndpointConfig.of("http://127.0.0.1:1"), LATENCY);
      assertThat(reader.validateTemplate(policy, "f", "up", Duration.ofMinutes(1), now).verdict())
          .isEqualTo(Verdict.UNKNOWN);
    }
  }
}
