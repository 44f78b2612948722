package dev.headroom.sim.controllers;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The worked examples of "Algorithm details" and "Tolerance" in the HPA documentation
 * (kubernetes/website content/en/docs/tasks/run-application/horizontal-pod-autoscale.md), on the
 * ported calculator: a 100m target is 50 % of a 200m request.
 */
class HpaAlgorithmDocumentationTest {
  private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
  private static final ReplicaCalculator CALCULATOR =
      new ReplicaCalculator(ReplicaCalculator.Settings.hpaDefaults());

  @Test
  @DisplayName("Algorithm details: 200m current against a 100m target doubles the replicas")
  void twiceTheTargetDoubles() {
    assertThat(replicasFor(4, 200).replicas()).isEqualTo(8);
  }

  @Test
  @DisplayName("Algorithm details: 50m current against a 100m target halves the replicas")
  void halfTheTargetHalves() {
    assertThat(replicasFor(4, 50).replicas()).isEqualTo(2);
  }

  @Test
  @DisplayName("Algorithm details: a ratio within 0.1 of 1.0 skips scaling")
  void withinToleranceSkipsScaling() {
    assertThat(replicasFor(4, 109).replicas()).isEqualTo(4);
    assertThat(replicasFor(4, 91).replicas()).isEqualTo(4);
    assertThat(replicasFor(4, 112).replicas()).isEqualTo(5);
  }

  @Test
  @DisplayName(
      "Algorithm details: desiredReplicas = ceil[currentReplicas * currentMetric / desiredMetric]")
  void ceilingOfTheRatio() {
    ResourceReplicas answer = replicasFor(3, 130);

    assertThat(answer.utilizationPercent()).isEqualTo(65);
    assertThat(answer.replicas()).isEqualTo(4);
  }

  @Test
  @DisplayName("Tolerance: 5 % down and 1 % up around 100Mi acts below 95Mi and above 101Mi only")
  void perDirectionTolerances() {
    Tolerances tolerances = new Tolerances(0.05, 0.01);

    assertThat(tolerances.isWithin(95.0 / 100)).isTrue();
    assertThat(tolerances.isWithin(94.0 / 100)).isFalse();
    assertThat(tolerances.isWithin(101.0 / 100)).isTrue();
    assertThat(tolerances.isWithin(102.0 / 100)).isFalse();
  }

  /** {@code pods} ready pods, each with a 200m request and {@code millicores} of usage. */
  private static ResourceReplicas replicasFor(int pods, long millicores) {
    List<PodStatus> statuses = new ArrayList<>();
    Map<String, PodMetric> metrics = new HashMap<>();
    Instant start = NOW.minus(Duration.ofHours(1));
    for (int i = 0; i < pods; i++) {
      String name = "pod-" + i;
      statuses.add(
          new PodStatus(
              name,
              PodPhase.RUNNING,
              false,
              start,
              Optional.of(new ReadyCondition(true, start.plusSeconds(20))),
              OptionalLong.of(200)));
      metrics.put(name, new PodMetric(millicores, NOW, Duration.ofSeconds(15)));
    }
    Outcome<ResourceReplicas> outcome =
        CALCULATOR.resourceReplicas(pods, 50, statuses, metrics, NOW);
    assertThat(outcome.failure()).isNull();
    return outcome.value();
  }
}
