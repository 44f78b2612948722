package dev.headroom.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headroom.api.v1alpha1.PerformancePolicy;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MissingDataGraceTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final TargetSnapshot OLD_TARGET =
      new TargetSnapshot(
          "Deployment",
          "shop",
          "checkout",
          2,
          2,
          Map.of(),
          Map.of(),
          Optional.of(T0.minusSeconds(86400)));

  private static PerformancePolicy policy(String budgets) {
    return new KubernetesSerialization()
        .unmarshal(
            """
            apiVersion: headroom.dev/v1alpha1
            kind: PerformancePolicy
            metadata: {name: checkout, namespace: shop, creationTimestamp: '%s'}
            spec:
              targetRef: {name: checkout}
              budgets:
            %s
            """
                .formatted(T0, budgets.indent(4)),
            PerformancePolicy.class);
  }

  private static MetricsReading noData() {
    return MetricsReading.unavailable("NoData", "latency/p95: no series for the target");
  }

  @Test
  void theGraceIsTheLongestRateWindowOfThePolicysBudgets() {
    var grace =
        MissingDataGrace.of(
            policy(
                """
                latency:
                  - {name: p95, percentile: 0.95, target: 200ms, window: 1m, metric: {preset: Micrometer}}
                  - {name: p99, percentile: 0.99, target: 1s, window: 2m, metric: {preset: Micrometer}}
                errorRate: {targetPercent: 1, window: 10m}
                memory: {targetPeak: 1Gi, window: 24h}
                """),
            OLD_TARGET);
    // The memory budget's window is not a rate's: the working set is there from the first scrape.
    assertThat(grace.window()).isEqualTo("10m");
    assertThat(grace.length()).isEqualTo(Duration.ofMinutes(10));
    assertThat(grace.until()).isEqualTo(T0.plus(Duration.ofMinutes(10)));
  }

  @Test
  void aWindowLeftOutIsTheDefaultFiveMinutes() {
    var grace =
        MissingDataGrace.of(
            policy(
                """
                latency:
                  - {name: p95, percentile: 0.95, target: 200ms, metric: {preset: Micrometer}}
                """),
            OLD_TARGET);
    assertThat(grace.window()).isEqualTo("5m");
    var memoryOnly = MissingDataGrace.of(policy("memory: {targetPeak: 1Gi}"), OLD_TARGET);
    assertThat(memoryOnly.length()).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void itCountsFromThePolicyOrItsTargetWhicheverWasCreatedLater() {
    String budgets =
        """
        latency:
          - {name: p95, percentile: 0.95, target: 200ms, window: 30s, metric: {preset: Micrometer}}
        """;
    assertThat(MissingDataGrace.of(policy(budgets), OLD_TARGET).until())
        .isEqualTo(T0.plusSeconds(30));
    var newTarget =
        new TargetSnapshot(
            "Deployment",
            "shop",
            "checkout",
            2,
            0,
            Map.of(),
            Map.of(),
            Optional.of(T0.plusSeconds(600)));
    assertThat(MissingDataGrace.of(policy(budgets), newTarget).until())
        .isEqualTo(T0.plusSeconds(630));
  }

  @Test
  void onlyAnEmptyAnswerWithinTheGraceIsCovered() {
    var grace = new MissingDataGrace(T0, "1m", Duration.ofMinutes(1));
    assertThat(grace.covers(noData(), T0.plusSeconds(59))).isTrue();
    assertThat(grace.covers(noData(), T0.plusSeconds(60))).isFalse();
    assertThat(
            grace.covers(
                MetricsReading.unavailable("PrometheusUnreachable", "connection refused"),
                T0.plusSeconds(1)))
        .isFalse();
    assertThat(grace.covers(MetricsReading.unavailable("BadQuery", "parse error"), T0)).isFalse();
    assertThat(grace.covers(MetricsReading.unavailable("StaleData", "old"), T0)).isFalse();
  }

  @Test
  void withoutACreationTimeThereIsNoGrace() {
    var grace = new MissingDataGrace(Instant.MIN, "5m", Duration.ofMinutes(5));
    assertThat(grace.covers(noData(), T0)).isFalse();
  }

  @Test
  void theReconcilerReadsTheTargetsCreationTime() {
    var deployment =
        new DeploymentBuilder()
            .withNewMetadata()
            .withName("checkout")
            .withNamespace("shop")
            .withCreationTimestamp("2026-01-01T00:10:00Z")
            .endMetadata()
            .withNewSpec()
            .withReplicas(2)
            .endSpec()
            .build();
    assertThat(PerformancePolicyReconciler.snapshot(deployment).created())
        .contains(T0.plusSeconds(600));
    assertThat(PerformancePolicyReconciler.snapshot(deployment, java.util.List.of(), T0).created())
        .contains(T0.plusSeconds(600));
  }
}
