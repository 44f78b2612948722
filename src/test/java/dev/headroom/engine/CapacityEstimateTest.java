package dev.headroom.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class CapacityEstimateTest {
  private final Budget p95 = Fixtures.p95(0.5);

  @Test
  void learnsTheCpuCostOfARequestFromCpuAndRate() {
    var estimate = CapacityEstimate.unknown().withDemandObservation(100, 5);
    assertThat(estimate.serviceDemandCoreSeconds()).isCloseTo(0.05, within(1e-12));
    var smoothed = estimate.withDemandObservation(100, 10);
    assertThat(smoothed.serviceDemandCoreSeconds())
        .as("moves towards the new value, not onto it")
        .isStrictlyBetween(0.05, 0.1);
  }

  @Test
  void latencyTheModelCannotExplainAtLowLoadBecomesAResidual() {
    var estimate = CapacityEstimate.unknown().withDemandObservation(10, 0.5);
    // 10 rps on 5 replicas of 1 core at 0.05 s per request: 10 % utilisation; 2 s observed.
    for (int i = 0; i < 30; i++) {
      estimate = estimate.withLatencyObservation(p95, 2.0, 10, 5, 1);
    }
    assertThat(estimate.residual("latency/p95")).isGreaterThan(1.7);
    assertThat(estimate.queueFactor("latency/p95")).isEqualTo(1.0);
    assertThat(estimate.predictLatency(p95, 10, 50, 1))
        .as("more replicas barely help")
        .isGreaterThan(1.8);
  }

  @Test
  void queueingHeavierThanModelledRaisesTheQueueFactor() {
    var estimate = CapacityEstimate.unknown().withDemandObservation(16, 0.8);
    double modelled = estimate.predictLatency(p95, 16, 1, 1);
    for (int i = 0; i < 30; i++) {
      estimate = estimate.withLatencyObservation(p95, modelled * 2, 16, 1, 1);
    }
    assertThat(estimate.queueFactor("latency/p95")).isGreaterThan(1.5);
    assertThat(estimate.predictLatency(p95, 16, 1, 1))
        .isCloseTo(modelled * 2, within(modelled * 0.2));
  }

  @Test
  void aSaturatedReplicaTeachesNothing() {
    var estimate = CapacityEstimate.unknown().withDemandObservation(19, 0.95);
    var after = estimate.withLatencyObservation(p95, 30, 19, 1, 1);
    assertThat(after).isEqualTo(estimate);
  }

  @Test
  void aResidualLargerThanWhatIsObservedShrinksAtAnyUtilisation() {
    var estimate = CapacityEstimate.unknown().withDemandObservation(10, 0.5);
    for (int i = 0; i < 30; i++) {
      estimate = estimate.withLatencyObservation(p95, 2.0, 10, 5, 1);
    }
    // The dependency recovered, and the pods are busier now (70 %): latency is far below what
    // the residual alone claims, so the residual, not the queue factor, has to give.
    double busy = QueueingModel.latencySeconds(0.95, 14, 0.05, 1, 1);
    for (int i = 0; i < 30; i++) {
      estimate = estimate.withLatencyObservation(p95, busy, 70, 5, 1);
    }
    assertThat(estimate.residual("latency/p95")).isLessThan(0.05);
    assertThat(estimate.predictLatency(p95, 70, 5, 1)).isCloseTo(busy, within(busy * 0.1));
  }

  @Test
  void forgettingOneBudgetKeepsWhatARequestCosts() {
    var estimate = CapacityEstimate.unknown().withDemandObservation(10, 0.5);
    estimate = estimate.withLatencyObservation(p95, 2.0, 10, 5, 1);
    var forgotten = estimate.withoutCorrections("latency/p95");
    assertThat(forgotten.residual("latency/p95")).isZero();
    assertThat(forgotten.queueFactor("latency/p95")).isEqualTo(1.0);
    assertThat(forgotten.serviceDemandCoreSeconds()).isEqualTo(estimate.serviceDemandCoreSeconds());
  }
}
