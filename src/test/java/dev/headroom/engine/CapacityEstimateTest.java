package dev.headroom.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.headroom.engine.CapacityEstimate.Overload;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
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
  void latencyUnderTheExponentialModelsAtLowLoadIsARegularServiceTime() {
    var estimate = CapacityEstimate.unknown().withDemandObservation(10, 0.5);
    // 2 rps on a one-core replica at 0.05 s of fixed work: 10 % busy, p95 near 0.05 s, where an
    // exponential service time would put it at 0.15 s.
    double fixedWork = QueueingModel.latencySeconds(0.95, 2, 0.05, 1, 1, 0.2);
    for (int i = 0; i < 40; i++) {
      estimate = estimate.withLatencyObservation(p95, fixedWork, 2, 1, 1);
    }
    assertThat(estimate.serviceCv("latency/p95")).isCloseTo(0.2, within(0.02));
    assertThat(estimate.residual("latency/p95"))
        .as("explained by the shape, not a negative load-independent part")
        .isCloseTo(0, within(0.002));
    // The shape holds at the load it was not learned at.
    double busy = QueueingModel.latencySeconds(0.95, 14, 0.05, 1, 1, 0.2);
    assertThat(estimate.predictLatency(p95, 14, 1, 1)).isCloseTo(busy, within(busy * 0.05));
  }

  @Test
  void latencyOverTheExponentialModelsStaysTheResidualsAndTheShapeExponential() {
    var estimate = CapacityEstimate.unknown().withDemandObservation(10, 0.5);
    for (int i = 0; i < 30; i++) {
      estimate = estimate.withLatencyObservation(p95, 2.0, 10, 5, 1);
    }
    assertThat(estimate.serviceCv("latency/p95")).isEqualTo(1.0);
    assertThat(estimate.withoutCorrections("latency/p95").serviceCv("latency/p95")).isEqualTo(1);
  }

  @Test
  void theMeanDoesNotTeachTheShape() {
    Budget mean = Budget.of("latency/average", BudgetKind.LATENCY_AVERAGE, 0.5);
    var estimate = CapacityEstimate.unknown().withDemandObservation(10, 0.5);
    var after = estimate.withLatencyObservation(mean, 0.02, 2, 1, 1);
    assertThat(after.serviceCv(mean.name())).isEqualTo(1.0);
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

  @Test
  void atModerateUtilisationAGapIsQueueingNotAResidual() {
    var estimate = CapacityEstimate.unknown().withDemandObservation(10, 0.5);
    // 8 rps per one-core replica at 0.05 s a request: 40 % busy, modelled p95 0.25 s of which
    // 0.1 s is queueing; 0.4 s observed. Above 25 % the gap is the queue's shape.
    double modelled = estimate.predictLatency(p95, 8, 1, 1);
    assertThat(modelled).isCloseTo(0.25, within(0.01));
    var busy = estimate.withLatencyObservation(p95, 0.4, 8, 1, 1);
    assertThat(busy.residual("latency/p95")).isZero();
    assertThat(busy.queueFactor("latency/p95")).isGreaterThan(1.0);
    // The same gap at 10 % utilisation is load-independent.
    double idle = estimate.predictLatency(p95, 2, 1, 1);
    var quiet = estimate.withLatencyObservation(p95, idle + 0.15, 2, 1, 1);
    assertThat(quiet.residual("latency/p95")).isCloseTo(0.3 * 0.15, within(1e-3));
    assertThat(quiet.queueFactor("latency/p95")).isEqualTo(1.0);
  }

  private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

  private static Instant minutes(long m) {
    return T.plus(Duration.ofMinutes(m));
  }

  @Test
  void withoutEvidenceNoLoadPerReplicaIsOverloaded() {
    assertThat(CapacityEstimate.unknown().overloadedAtRpsPerReplica("latency/p95", T))
        .isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(CapacityEstimate.unknown().overloads()).isEmpty();
  }

  @Test
  void anOverloadPointRelaxesTwoPercentAMinute() {
    var estimate =
        new CapacityEstimate(
            0.05, Map.of(), Map.of(), Map.of("latency/p95", new Overload(10, minutes(0))));
    assertThat(estimate.overloadedAtRpsPerReplica("latency/p95", minutes(0)))
        .isCloseTo(10, within(1e-9));
    assertThat(estimate.overloadedAtRpsPerReplica("latency/p95", minutes(10)))
        .isCloseTo(12, within(1e-9));
    assertThat(estimate.overloadedAtRpsPerReplica("latency/p95", minutes(50)))
        .isCloseTo(20, within(1e-9));
    assertThat(estimate.overloadedAtRpsPerReplica("latency/p95", minutes(-5)))
        .as("never tighter than what was seen")
        .isCloseTo(10, within(1e-9));
    assertThat(estimate.overloadedAtRpsPerReplica("latency/p99", minutes(0)))
        .isEqualTo(Double.POSITIVE_INFINITY);
  }

  @Test
  void aViolationLowersTheOverloadPointOrRefreshesIt() {
    var estimate =
        new CapacityEstimate(0.05, Map.of(), Map.of())
            .withOverloadEvidence("latency/p95", true, 10, minutes(0));
    assertThat(estimate.overloads()).containsEntry("latency/p95", new Overload(10, minutes(0)));

    var lowered = estimate.withOverloadEvidence("latency/p95", true, 8, minutes(1));
    assertThat(lowered.overloads()).containsEntry("latency/p95", new Overload(8, minutes(1)));

    // Five minutes on the point has relaxed to 8.8; a violation above it refreshes it there.
    var refreshed = lowered.withOverloadEvidence("latency/p95", true, 12, minutes(6));
    assertThat(refreshed.overloads().get("latency/p95").rpsPerReplica())
        .isCloseTo(8.8, within(1e-9));
    assertThat(refreshed.overloads().get("latency/p95").at()).isEqualTo(minutes(6));
    assertThat(refreshed.overloadedAtRpsPerReplica("latency/p95", minutes(6)))
        .isCloseTo(8.8, within(1e-9));
    assertThat(refreshed.serviceDemandCoreSeconds()).isEqualTo(0.05);
  }

  @Test
  void metAtOrNearTheOverloadPointRemovesIt() {
    var estimate =
        new CapacityEstimate(
            0.05,
            Map.of(),
            Map.of(),
            Map.of(
                "latency/p95", new Overload(10, minutes(0)),
                "latency/p99", new Overload(5, minutes(0))));
    var below = estimate.withOverloadEvidence("latency/p95", false, 9, minutes(0));
    assertThat(below.overloads())
        .as("met below the point proves nothing")
        .isEqualTo(estimate.overloads());
    var at = estimate.withOverloadEvidence("latency/p95", false, 10, minutes(0));
    assertThat(at.overloads()).containsOnlyKeys("latency/p99");
    // Within 5 %, the same load: a slow dependency caused that violation, and it has recovered.
    assertThat(estimate.withOverloadEvidence("latency/p95", false, 9.6, minutes(0)).overloads())
        .containsOnlyKeys("latency/p99");
    assertThat(estimate.withOverloadEvidence("latency/p95", false, 9.4, minutes(0)).overloads())
        .containsKey("latency/p95");
    // Relaxed to 11 after five minutes: met at 10.4 is still more than 5 % below it.
    assertThat(estimate.withOverloadEvidence("latency/p95", false, 10.4, minutes(5)).overloads())
        .containsKey("latency/p95");
    assertThat(estimate.withOverloadEvidence("latency/p95", false, 11, minutes(5)).overloads())
        .containsOnlyKeys("latency/p99");
  }

  @Test
  void forgettingOneBudgetDropsItsOverloadPointOnly() {
    var estimate =
        new CapacityEstimate(
            0.05,
            Map.of("latency/p95", 2.0),
            Map.of(),
            Map.of(
                "latency/p95", new Overload(10, minutes(0)),
                "latency/p99", new Overload(5, minutes(0))));
    var forgotten = estimate.withoutCorrections("latency/p95");
    assertThat(forgotten.overloadedAtRpsPerReplica("latency/p95", minutes(0)))
        .isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(forgotten.overloads()).containsOnlyKeys("latency/p99");
  }

  @Test
  void learningKeepsTheOverloadPoints() {
    var estimate =
        new CapacityEstimate(
            0.05, Map.of(), Map.of(), Map.of("latency/p95", new Overload(10, minutes(0))));
    var learned = estimate.withDemandObservation(10, 0.6).withLatencyObservation(p95, 0.4, 8, 1, 1);
    assertThat(learned.overloads()).isEqualTo(estimate.overloads());
  }

  @Test
  void aMissingOverloadMapReadsAsEmpty() {
    assertThat(new CapacityEstimate(0.05, Map.of(), Map.of(), null).overloads()).isEmpty();
  }

  @Test
  void theLoadPerReplicaServedOnlyRisesUntilAViolationAtOrBelowIt() {
    var estimate = new CapacityEstimate(0.05, Map.of(), Map.of());
    assertThat(estimate.servedRpsPerReplica("latency/p95")).isNaN();
    var served = estimate.withServedEvidence("latency/p95", 10);
    assertThat(served.servedRpsPerReplica("latency/p95")).isEqualTo(10);
    assertThat(served.withServedEvidence("latency/p95", 8).servedRpsPerReplica("latency/p95"))
        .isEqualTo(10);
    assertThat(served.withServedEvidence("latency/p95", 12).servedRpsPerReplica("latency/p95"))
        .isEqualTo(12);
    // Violated above it: the point stands; at or below it: it is gone.
    assertThat(
            served
                .withOverloadEvidence("latency/p95", true, 11, minutes(0))
                .servedRpsPerReplica("latency/p95"))
        .isEqualTo(10);
    assertThat(
            served
                .withOverloadEvidence("latency/p95", true, 9, minutes(0))
                .servedRpsPerReplica("latency/p95"))
        .isNaN();
    assertThat(served.withoutOverloads().served()).isEmpty();
    assertThat(served.withoutCorrections("latency/p95").served()).isEmpty();
    assertThat(served.withDemandObservation(10, 0.6).served()).isEqualTo(served.served());
  }

  @Test
  void aMissingServedMapReadsAsEmpty() {
    assertThat(new CapacityEstimate(0.05, Map.of(), Map.of(), Map.of(), null).served()).isEmpty();
  }
}
