package dev.headroom.engine;

import static dev.headroom.engine.Fixtures.at;
import static dev.headroom.engine.Fixtures.input;
import static dev.headroom.engine.Fixtures.noDownWindow;
import static dev.headroom.engine.Fixtures.p95;
import static dev.headroom.engine.Fixtures.policy;
import static dev.headroom.engine.Fixtures.workload;
import static org.assertj.core.api.Assertions.assertThat;

import dev.headroom.engine.behavior.BehaviorState;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * minRequestsPerSecond is a capacity to keep: provisioned whatever the load, violated only when the
 * service cannot serve what it is offered up to the floor or has less capacity than the floor.
 */
class ThroughputFloorTest {
  private final Engine engine = new Engine();

  /** 1000 rps, critical below 500: the guide's "throughput > 1000 req/s, critical below 500". */
  private static final Budget FLOOR =
      new Budget("throughput/min", BudgetKind.THROUGHPUT_MIN, Double.NaN, 100, 50, Double.NaN);

  /**
   * 0.1 core-seconds per request on 1-core pods: M/M/1 with μ = 10/s, so p95 = ln 20 / (10 − λ)
   * meets the aim of 0.9 s up to λ = 10 − ln 20 / 0.9 ≈ 6.67 rps per replica: the floor of 100
   * needs 15 replicas.
   */
  private static final double PER_REPLICA = 10 - Math.log(20) / 0.9;

  private static EngineState learned() {
    return new EngineState(
        BehaviorState.empty(),
        new CapacityEstimate(0.1, Map.of(), Map.of()),
        Map.of(),
        List.of(),
        Map.of(),
        null,
        List.of(),
        null);
  }

  private static Signals signals(double rps, double cpuPerPod, double p95, Double errorRatio) {
    return new Signals(
        Optional.of(new Sample(rps, at(0))),
        Map.of(0.95, new Sample(p95, at(0))),
        Optional.empty(),
        Optional.ofNullable(errorRatio).map(e -> new Sample(e, at(0))),
        Optional.of(new Sample(cpuPerPod, at(0))),
        Optional.empty(),
        Map.of());
  }

  private static BudgetEvaluation floorOf(Decision decision) {
    return decision.budgets().stream()
        .filter(e -> e.budget().kind() == BudgetKind.THROUGHPUT_MIN)
        .findFirst()
        .orElseThrow();
  }

  @Test
  void capacityBelowTheFloorScalesUpAndIsAViolation() {
    var policy = policy(List.of(p95(1.0), FLOOR), 1, 50);
    // A quiet night on 4 replicas: 20 rps, every latency budget met.
    Decision decision =
        engine.decide(input(policy, signals(20, 0.5, 0.2, 0.0), workload(4, 4), learned(), at(0)));

    assertThat(decision.replicas()).isGreaterThan(4);
    assertThat(String.join("; ", decision.reasons())).contains("throughput/min floor 100.0 rps");
    BudgetEvaluation floor = floorOf(decision);
    assertThat(floor.observed().getAsDouble()).isCloseTo(4 * PER_REPLICA, within(0.05));
    // 4 x 6.7 = 27 rps of capacity is below the critical 50.
    assertThat(floor.severity()).isEqualTo(Severity.CRITICAL);
  }

  @Test
  void theFloorIsTheFewestReplicasWhoseCapacityCoversIt() {
    var policy = noDownWindow(policy(List.of(p95(1.0), FLOOR), 1, 50));
    Decision decision =
        engine.decide(
            input(policy, signals(20, 2.0 / 30, 0.11, 0.0), workload(30, 30), learned(), at(0)));

    assertThat(decision.replicas()).isEqualTo((int) Math.ceil(100 / PER_REPLICA));
    assertThat(decision.replicas()).isEqualTo(15);
  }

  @Test
  void lowDemandWithTheFloorProvisionedIsNoViolation() {
    var policy = policy(List.of(p95(1.0), FLOOR), 1, 50);
    Decision decision =
        engine.decide(
            input(policy, signals(20, 0.13, 0.12, 0.0), workload(15, 15), learned(), at(0)));

    BudgetEvaluation floor = floorOf(decision);
    assertThat(floor.severity()).isEqualTo(Severity.MET);
    assertThat(floor.observed().getAsDouble()).isGreaterThanOrEqualTo(100);
    assertThat(decision.replicas()).isEqualTo(15);
  }

  @Test
  void requestsDroppedBelowTheFloorAreAViolation() {
    var policy = policy(List.of(p95(1.0), FLOOR), 1, 50);
    // Capacity for the floor, but half of a 20 rps load fails: 10 rps served of 20 offered.
    Decision decision =
        engine.decide(
            input(policy, signals(20, 0.13, 0.12, 0.5), workload(15, 15), learned(), at(0)));

    BudgetEvaluation floor = floorOf(decision);
    assertThat(floor.observed().getAsDouble()).isCloseTo(10, within(1e-9));
    assertThat(floor.severity()).isEqualTo(Severity.CRITICAL);
  }

  @Test
  void failuresWithinTheToleranceAreTheErrorBudgetsBusiness() {
    var policy = policy(List.of(p95(1.0), FLOOR), 1, 50);
    Decision decision =
        engine.decide(
            input(policy, signals(20, 0.13, 0.12, 0.02), workload(15, 15), learned(), at(0)));

    assertThat(floorOf(decision).severity()).isEqualTo(Severity.MET);
  }

  @Test
  void aLoadAboveTheFloorServedInFullMeetsItBeforeAnyCapacityIsLearned() {
    var policy = policy(List.of(p95(1.0), FLOOR), 1, 50);
    Decision decision =
        engine.decide(
            input(
                policy,
                signals(150, 0.5, 0.2, 0.0),
                workload(30, 30),
                EngineState.initial(),
                at(0)));

    BudgetEvaluation floor = floorOf(decision);
    assertThat(floor.severity()).isEqualTo(Severity.MET);
    assertThat(floor.observed().getAsDouble()).isGreaterThanOrEqualTo(150);
  }

  @Test
  void belowTheFloorWithNothingLearnedThereIsNothingToJudgeBy() {
    var policy = policy(List.of(FLOOR), 1, 50);
    Signals quiet =
        new Signals(
            Optional.of(new Sample(20, at(0))),
            Map.of(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Map.of());
    Decision decision =
        engine.decide(input(policy, quiet, workload(4, 4), EngineState.initial(), at(0)));

    assertThat(floorOf(decision).severity()).isEqualTo(Severity.NO_DATA);
    assertThat(decision.replicas()).isEqualTo(4);
  }

  @Test
  void theFloorNeverAsksPastMaxReplicasAndSaysSo() {
    var policy = noDownWindow(policy(List.of(p95(1.0), FLOOR), 1, 10));
    Decision decision =
        engine.decide(
            input(policy, signals(20, 0.2, 0.15, 0.0), workload(10, 10), learned(), at(0)));

    assertThat(decision.replicas()).isEqualTo(10);
    assertThat(floorOf(decision).severity().violated()).isTrue();
    Recommendation floor =
        ThroughputFloor.recommend(
                FLOOR,
                input(policy, signals(20, 0.2, 0.15, 0.0), workload(10, 10), learned(), at(0)),
                EngineConfig.DEFAULT,
                learned().capacity(),
                1)
            .orElseThrow();
    assertThat(floor.replicas()).isEqualTo(10);
    assertThat(floor.reason()).endsWith("so 10 replicas (the most allowed; the floor needs 15)");
  }

  private static org.assertj.core.data.Offset<Double> within(double offset) {
    return org.assertj.core.data.Offset.offset(offset);
  }
}
