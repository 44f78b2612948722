package dev.headroom.engine;

import static dev.headroom.engine.Fixtures.at;
import static dev.headroom.engine.Fixtures.input;
import static dev.headroom.engine.Fixtures.p95;
import static dev.headroom.engine.Fixtures.policy;
import static dev.headroom.engine.Fixtures.signals;
import static dev.headroom.engine.Fixtures.workload;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What the engine learns from, and what it refuses to learn from. */
class EngineLearningTest {
  private final Engine engine = new Engine();
  private final EnginePolicy policy = policy(List.of(p95(0.25)), 1, 60);

  /** Steady decisions at 40 rps on 4 one-core pods, 50 ms a request: 50 % busy. */
  private EngineState steadyAt40Rps() {
    EngineState state = EngineState.initial();
    for (int i = 0; i < 8; i++) {
      state =
          engine
              .decide(
                  input(
                      policy, signals(at(15 * i), 40, 0.5, 0.2), workload(4, 4), state, at(15 * i)))
              .next();
    }
    return state;
  }

  @Test
  void latencyDuringALoadStepTeachesNothing() {
    EngineState before = steadyAt40Rps();
    // The windowed rate has risen by half in 15 s and latency by 20x: a step, not the service.
    Decision during =
        engine.decide(
            input(policy, signals(at(120), 60, 0.75, 4.0), workload(4, 4), before, at(120)));
    assertThat(during.next().capacity().residual("latency/p95"))
        .isEqualTo(before.capacity().residual("latency/p95"));
    assertThat(during.next().capacity().queueFactor("latency/p95"))
        .isEqualTo(before.capacity().queueFactor("latency/p95"));
    // Sized for the step the trend implies (40 a window ago + 20 x 3 = 100 rps: a 1 m rate of
    // samples 15 s apart spans 45 s of them), not for the 60 it shows; the HPA's default scale-up
    // limit (double, or 4 pods, per 15 s) then applies.
    assertThat(String.join("; ", during.reasons()))
        .contains("at 100.0 rps (rising, 60.0 observed)");
    assertThat(during.replicas()).isEqualTo(8);
    assertThat(during.has(DecisionFlag.SCALING_LIMITED)).isTrue();
  }

  @Test
  void requestsThatFailDoNotLowerWhatARequestCosts() {
    EngineState before = steadyAt40Rps();
    double learned = before.capacity().serviceDemandCoreSeconds();
    assertThat(learned).isCloseTo(0.05, org.assertj.core.api.Assertions.within(1e-6));
    // Most requests fail fast: CPU over requests would say a request costs almost nothing.
    var failing =
        new Signals(
            Optional.of(new Sample(40, at(120))),
            Map.of(0.95, new Sample(0.2, at(120))),
            Optional.empty(),
            Optional.of(new Sample(0.6, at(120))),
            Optional.of(new Sample(0.05, at(120))),
            Optional.empty(),
            Map.of());
    Decision decision = engine.decide(input(policy, failing, workload(4, 4), before, at(120)));
    assertThat(decision.next().capacity().serviceDemandCoreSeconds()).isEqualTo(learned);
  }

  @Test
  void saturatedGrowthCountsPodsStillStartingAsPartOfIt() {
    EngineState before = steadyAt40Rps();
    // 6 asked for, 4 Ready and saturated: growing the Ready ones by half gives 6, already asked.
    Decision starting =
        engine.decide(
            input(policy, signals(at(120), 40, 0.98, 3.0), workload(6, 4), before, at(120)));
    assertThat(starting.replicas()).isEqualTo(6);
    // Once all 6 are Ready and still saturated, grow again.
    Decision ready =
        engine.decide(
            input(policy, signals(at(120), 40, 0.98, 3.0), workload(6, 6), before, at(120)));
    assertThat(ready.replicas()).isEqualTo(9);
  }

  @Test
  void aFindingOfIneffectiveScalingEndsWhenLatencyFallsByItself() {
    EngineState steady = steadyAt40Rps();
    var learned =
        new CapacityEstimate(
            steady.capacity().serviceDemandCoreSeconds(), Map.of(), Map.of("latency/p95", 0.6));
    var finding = new Ineffective(at(0), 4, 40, 0.8);
    EngineState slow =
        new EngineState(
            steady.behavior(),
            learned,
            Map.of(),
            List.of(),
            Map.of("latency/p95", finding),
            null,
            steady.recentRequestRates(),
            null);
    // Same load, same replicas, latency still over budget but down from 800 to 300 ms.
    Decision still =
        engine.decide(input(policy, signals(at(120), 40, 0.5, 0.7), workload(4, 4), slow, at(120)));
    assertThat(still.next().ineffective()).containsKey("latency/p95");
    Decision recovered =
        engine.decide(input(policy, signals(at(120), 40, 0.5, 0.3), workload(4, 4), slow, at(120)));
    assertThat(recovered.next().ineffective()).isEmpty();
    assertThat(recovered.next().capacity().residual("latency/p95"))
        .as("what the dependency taught is forgotten")
        .isLessThan(0.3);
  }

  @Test
  void aSteadyViolationRecordsTheLoadPerReplicaAsAnOverload() {
    EngineState before = steadyAt40Rps();
    assertThat(before.capacity().overloads()).as("met, with no point to remove").isEmpty();
    // Same load, same pods, 50 % busy, p95 400 ms against 250 ms: 10 rps per replica is too much.
    Decision violated =
        engine.decide(
            input(policy, signals(at(120), 40, 0.5, 0.4), workload(4, 4), before, at(120)));
    assertThat(violated.next().capacity().overloads())
        .containsEntry("latency/p95", new CapacityEstimate.Overload(10, at(120)));
  }

  @Test
  void aViolationIsNoOverloadEvidenceWhenScalingWasFoundIneffective() {
    EngineState steady = steadyAt40Rps();
    EngineState ineffective =
        new EngineState(
            steady.behavior(),
            steady.capacity(),
            Map.of(),
            List.of(),
            Map.of("latency/p95", new Ineffective(at(0), 4, 40, 0.4)),
            null,
            steady.recentRequestRates(),
            null);
    Decision decision =
        engine.decide(
            input(policy, signals(at(120), 40, 0.5, 0.4), workload(4, 4), ineffective, at(120)));
    assertThat(decision.next().ineffective()).containsKey("latency/p95");
    assertThat(decision.next().capacity().overloads()).isEmpty();
  }
}
