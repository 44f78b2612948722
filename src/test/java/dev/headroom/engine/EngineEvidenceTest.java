package dev.headroom.engine;

import static dev.headroom.engine.Fixtures.at;
import static dev.headroom.engine.Fixtures.input;
import static dev.headroom.engine.Fixtures.noDownWindow;
import static dev.headroom.engine.Fixtures.p95;
import static dev.headroom.engine.Fixtures.policy;
import static dev.headroom.engine.Fixtures.signals;
import static dev.headroom.engine.Fixtures.workload;
import static org.assertj.core.api.Assertions.assertThat;

import dev.headroom.engine.CapacityEstimate.Overload;
import dev.headroom.engine.behavior.BehaviorState;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Where evidence overrides the latency model: an untested "cannot reach" is tried, and a load per
 * replica seen violated keeps the replicas from going back below it.
 */
class EngineEvidenceTest {
  private static final String P95 = "latency/p95";

  private final Engine engine = new Engine();

  /** p95 within 300 ms (aim 270 ms), 1 to 50 replicas, scale-downs not stabilised. */
  private final EnginePolicy policy = noDownWindow(policy(List.of(p95(0.3)), 1, 50));

  private static EngineState state(
      CapacityEstimate capacity, List<LatencyCheck> checks, Map<String, Ineffective> ineffective) {
    return new EngineState(
        BehaviorState.empty(), capacity, Map.of(), checks, ineffective, null, List.of(), null);
  }

  /** 50 ms a request and 2 s the model attributes to something other than load. */
  private static CapacityEstimate slowDependency() {
    return new CapacityEstimate(0.05, Map.of(), Map.of(P95, 2.0));
  }

  /** 8 rps on {@code replicas} one-core pods, p95 2 s: 2 rps and 10 % busy on 4. */
  private static Signals slow(long seconds, int replicas) {
    return signals(at(seconds), 8, 8 * 0.05 / replicas, 2.0);
  }

  @Test
  void anUntestedCannotReachIsTriedOnceThenHeldWhileItIsJudged() {
    Decision tried =
        engine.decide(
            input(
                policy,
                slow(0, 4),
                workload(4, 4),
                state(slowDependency(), List.of(), Map.of()),
                at(0)));
    assertThat(tried.replicas()).as(tried.reasons().toString()).isEqualTo(6);
    assertThat(tried.reasons()).anyMatch(r -> r.contains("trying 6"));
    assertThat(tried.next().pendingChecks())
        .singleElement()
        .satisfies(c -> assertThat(c.budget()).isEqualTo(P95))
        .satisfies(c -> assertThat(c.toReplicas()).isEqualTo(6));

    // The 6 are Ready but the check has not settled yet: no second try on top of the first.
    Decision held = engine.decide(input(policy, slow(30, 6), workload(6, 6), tried.next(), at(30)));
    assertThat(held.replicas()).as(held.reasons().toString()).isEqualTo(6);
    assertThat(held.reasons()).anyMatch(r -> r.contains("waiting for the last one to be judged"));
    assertThat(held.next().pendingChecks()).hasSize(1);
  }

  /** 8 rps on 4 one-core pods, as {@link #slow}, with p95 at {@code p95Seconds}. */
  private Decision onFourAt(double p95Seconds) {
    return engine.decide(
        input(
            policy,
            signals(at(0), 8, 8 * 0.05 / 4, p95Seconds),
            workload(4, 4),
            state(slowDependency(), List.of(), Map.of()),
            at(0)));
  }

  @Test
  void overTheAimButWithinTheTargetIsNoReasonForATrial() {
    // 290 ms: over the 270 ms aim, within the 300 ms target. The model's "cannot reach" stands:
    // what utilisation needs, no 1.5x try and nothing to judge.
    Decision withinTarget = onFourAt(0.29);
    assertThat(withinTarget.replicas())
        .as(withinTarget.reasons().toString())
        .isLessThanOrEqualTo(4);
    assertThat(withinTarget.reasons())
        .anyMatch(r -> r.contains("cannot reach 270ms with up to 50 replicas"))
        .noneMatch(r -> r.contains("trying"));
    assertThat(withinTarget.next().pendingChecks()).isEmpty();

    // 310 ms: the target is violated, and that is worth a try.
    Decision violated = onFourAt(0.31);
    assertThat(violated.replicas()).as(violated.reasons().toString()).isEqualTo(6);
    assertThat(violated.reasons()).anyMatch(r -> r.contains("trying 6"));
    assertThat(violated.next().pendingChecks()).hasSize(1);
  }

  @Test
  void aTrialThatBringsNoGainIsFoundIneffectiveAndNotRepeated() {
    Decision tried = onFourAt(2.0);
    assertThat(tried.replicas()).as(tried.reasons().toString()).isEqualTo(6);
    // It promises the aim: the model, with its 2 s residual, predicts more than the 2 s observed.
    assertThat(tried.next().pendingChecks())
        .singleElement()
        .satisfies(c -> assertThat(c.predictedAfter()).isEqualTo(0.3 * 0.9));

    // The 6 are Ready, settleTime (90 s) has passed, and p95 is still 2 s.
    Decision judged =
        engine.decide(input(policy, slow(90, 6), workload(6, 6), tried.next(), at(90)));
    assertThat(judged.replicas()).as(judged.reasons().toString()).isEqualTo(6);
    assertThat(judged.has(DecisionFlag.SCALING_INEFFECTIVE)).isTrue();
    assertThat(judged.reasons()).anyMatch(r -> r.contains("ScalingIneffective"));
    assertThat(judged.next().ineffective())
        .hasEntrySatisfying(P95, f -> assertThat(f.replicas()).isEqualTo(6));
    assertThat(judged.next().pendingChecks()).isEmpty();

    // While the finding holds, no further trial: the replicas stay, nothing new to judge.
    Decision after =
        engine.decide(input(policy, slow(120, 6), workload(6, 6), judged.next(), at(120)));
    assertThat(after.replicas()).as(after.reasons().toString()).isEqualTo(6);
    assertThat(after.has(DecisionFlag.SCALING_INEFFECTIVE)).isTrue();
    assertThat(after.next().ineffective()).containsKey(P95);
    assertThat(after.next().pendingChecks()).isEmpty();
  }

  @Test
  void anOverloadFloorDoesNotTurnTheHoldIntoASecondTry() {
    // Seen violated at 1 rps per replica: the floor alone would ask for ceil(8 / 0.9) = 9.
    var capacity =
        new CapacityEstimate(0.05, Map.of(), Map.of(P95, 2.0), Map.of(P95, new Overload(1, at(0))));
    var pending = new LatencyCheck(P95, at(0), 6, 2.0, 0.3);
    Decision held =
        engine.decide(
            input(
                policy,
                slow(30, 6),
                workload(6, 6),
                state(capacity, List.of(pending), Map.of()),
                at(30)));
    assertThat(held.replicas()).as(held.reasons().toString()).isEqualTo(6);
  }

  @Test
  void aBudgetFoundIneffectiveIsStillCapped() {
    var finding = new Ineffective(at(0), 4, 8, 2.0);
    Decision decision =
        engine.decide(
            input(
                policy,
                slow(0, 4),
                workload(4, 4),
                state(slowDependency(), List.of(), Map.of(P95, finding)),
                at(0)));
    assertThat(decision.replicas()).as(decision.reasons().toString()).isEqualTo(4);
    assertThat(decision.has(DecisionFlag.SCALING_INEFFECTIVE)).isTrue();
    assertThat(decision.next().pendingChecks()).isEmpty();
  }

  /** 40 rps on 8 pods: 5 rps and 25 % busy each, p95 as modelled (200 ms, within its aim). */
  private Decision at40RpsOn8(CapacityEstimate capacity) {
    double p95 = QueueingModel.latencySeconds(0.95, 5, 0.05, 1, 1);
    return engine.decide(
        input(
            policy,
            signals(at(0), 40, 0.25, p95),
            workload(8, 8),
            state(capacity, List.of(), Map.of()),
            at(0)));
  }

  @Test
  void aLoadPerReplicaSeenViolatedKeepsTheReplicasAboveIt() {
    // Without evidence, the model is content with fewer pods at this load.
    Decision modelOnly = at40RpsOn8(new CapacityEstimate(0.05, Map.of(), Map.of()));
    assertThat(modelOnly.replicas()).as(modelOnly.reasons().toString()).isLessThan(8);

    // Seen violated at 6 rps per replica: never more than 0.9 x 6 = 5.4 each, so 8 for 40 rps.
    Decision seen =
        at40RpsOn8(
            new CapacityEstimate(0.05, Map.of(), Map.of(), Map.of(P95, new Overload(6, at(0)))));
    assertThat(seen.replicas()).as(seen.reasons().toString()).isEqualTo(8);
    assertThat(seen.reasons()).anyMatch(r -> r.contains("it was violated at 6.00 rps per replica"));
  }

  @Test
  void anOverloadFloorFadesWithTime() {
    // Seen at 6 rps per replica 50 minutes ago: relaxed to 12, a floor of ceil(40 / 10.8) = 4.
    Decision faded =
        at40RpsOn8(
            new CapacityEstimate(
                0.05,
                Map.of(),
                Map.of(),
                Map.of(P95, new Overload(6, at(0).minus(Duration.ofMinutes(50))))));
    Decision modelOnly = at40RpsOn8(new CapacityEstimate(0.05, Map.of(), Map.of()));
    assertThat(faded.replicas()).isEqualTo(modelOnly.replicas()).isLessThan(8);
  }
}
