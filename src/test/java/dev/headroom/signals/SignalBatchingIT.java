package dev.headroom.signals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

import dev.headroom.engine.Sample;
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
import java.util.Optional;
import java.util.function.Function;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * 200 policies over the five presets in four namespaces: one cycle with grouped queries and one
 * with a query per policy read the same values, and the grouped cycle's query count depends on the
 * presets, not on the policies.
 */
@RealPrometheus
class SignalBatchingIT {
  private static final int POLICIES = 200;
  private static final SignalSettings SETTINGS =
      SignalSettings.defaults().withScrapeInterval(Duration.ofSeconds(5));

  private static String spec(Shape shape) {
    String metric = SignalPresetsIT.PRESETS.get(shape);
    return "budgets:\n"
        + "  latency:\n"
        + "    - {name: p95, percentile: 0.95, target: 1s, window: 10s, metric: "
        + metric
        + "}\n"
        + "    - {name: avg, statistic: Average, target: 1s, window: 10s, metric: "
        + metric
        + "}\n"
        + "  errorRate: {targetPercent: 1, window: 10s}\n"
        + "  throughput: {minRequestsPerSecond: 1, window: 10s}\n"
        + "  cpu: {targetUtilizationPercent: 50, window: 10s}\n";
  }

  @Test
  void batchedAndPerPolicyReadsAgreeAndBatchingIssuesQueriesPerPresetNotPerPolicy(
      PrometheusServer prometheus) {
    List<Service> services = new ArrayList<>();
    List<PolicyTarget> policies = new ArrayList<>();
    EndpointConfig endpoint = EndpointConfig.of(prometheus.baseUrl().toString());
    for (int i = 0; i < POLICIES; i++) {
      Shape shape = Shape.values()[i % Shape.values().length];
      String namespace = "batch-it-" + (i % 4);
      String name = "svc" + i;
      services.add(
          new Service(
              shape,
              namespace,
              name,
              List.of(Synthetic.pod(name, i)),
              new Traffic(new long[] {1 + i % 7, 3, 4, 2 + i % 3, 1, 1}, 2.5 + i % 5),
              new Traffic(new long[] {0, 0, 1, i % 2, 0, 1}, 0.8),
              Map.of("app", 0.1 + (i % 10) / 100.0),
              Map.of("app", 1e8 + i)));
      policies.add(Policies.policy(namespace, "p" + i, name, endpoint, spec(shape)));
    }
    try (ScrapedServices scraped =
        new ScrapedServices(prometheus, "signal-batching", services)
            .awaitFilled(Duration.ofSeconds(10))) {
      // In the past, so every sample up to then is in Prometheus and both cycles see the same.
      Instant now = Instant.now().minusSeconds(3);
      CycleResult batched;
      CycleResult perPolicy;
      try (SignalReader reader = new SignalReader(SETTINGS, new PrometheusRegistry())) {
        batched = reader.readCycle(policies, now);
        assertThat(reader.metrics().lastQueriesPerCycle()).isEqualTo(batched.queriesIssued());
      }
      try (SignalReader reader =
          new SignalReader(SETTINGS.withBatching(false), new PrometheusRegistry())) {
        perPolicy = reader.readCycle(policies, now);
      }

      int presets = Shape.values().length;
      // Per preset: freshness, p95, average, error ratio, request rate; plus cAdvisor's
      // freshness and CPU, shared by all.
      assertThat(batched.queriesIssued()).isEqualTo(presets * 5 + 2);
      assertThat(perPolicy.queriesIssued()).isEqualTo(POLICIES * 7);
      System.out.printf(
          "[signals] %d policies, %d presets: %d queries batched (%d ms), %d per policy (%d ms)%n",
          POLICIES,
          presets,
          batched.queriesIssued(),
          batched.elapsed().toMillis(),
          perPolicy.queriesIssued(),
          perPolicy.elapsed().toMillis());

      SoftAssertions softly = new SoftAssertions();
      for (int i = 0; i < POLICIES; i++) {
        PolicyTarget policy = policies.get(i);
        Signals a = batched.policies().get(policy.id()).signals();
        Signals b = perPolicy.policies().get(policy.id()).signals();
        softly
            .assertThat(batched.policies().get(policy.id()).status().available())
            .as(policy.id() + " " + batched.policies().get(policy.id()).status().message())
            .isTrue();
        same(
            softly,
            policy + " p95",
            a,
            b,
            s -> Optional.ofNullable(s.latencyQuantileSeconds().get(0.95)));
        same(softly, policy + " average", a, b, Signals::latencyAverageSeconds);
        same(softly, policy + " error ratio", a, b, Signals::errorRatio);
        same(softly, policy + " throughput", a, b, Signals::requestRate);
        same(softly, policy + " cpu", a, b, Signals::cpuCoresPerPod);
        Service service = services.get(i);
        softly
            .assertThat(a.latencyQuantileSeconds().get(0.95).value())
            .as(policy.id() + " p95 expected")
            .isCloseTo(service.histogram().quantile(0.95), withinPercentage(1));
      }
      softly.assertAll();
    }
  }

  private static void same(
      SoftAssertions softly,
      String as,
      Signals batched,
      Signals perPolicy,
      Function<Signals, Optional<Sample>> signal) {
    Optional<Sample> a = signal.apply(batched);
    Optional<Sample> b = signal.apply(perPolicy);
    softly.assertThat(a).as(as + " batched").isPresent();
    softly.assertThat(b).as(as + " per policy").isPresent();
    if (a.isPresent() && b.isPresent()) {
      softly.assertThat(a.get().value()).as(as).isCloseTo(b.get().value(), withinPercentage(1e-7));
      softly.assertThat(a.get().at()).as(as + " sampled at").isEqualTo(b.get().at());
    }
  }
}
