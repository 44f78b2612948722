package dev.headroom.engine;

import static dev.headroom.engine.Fixtures.at;
import static dev.headroom.engine.Fixtures.cpuUtilization;
import static dev.headroom.engine.Fixtures.input;
import static dev.headroom.engine.Fixtures.noDownWindow;
import static dev.headroom.engine.Fixtures.policy;
import static dev.headroom.engine.Fixtures.signals;
import static dev.headroom.engine.Fixtures.workload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.headroom.engine.CapacityEstimate.Overload;
import dev.headroom.engine.behavior.BehaviorState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * OOM kills as evidence about load while resources are Off: the load per asked replica of the first
 * kill of an episode becomes an overload point, and the engine keeps the replicas below it.
 */
class OomEvidenceTest {
  private static final String OOM = OomEvidence.KEY;

  private final Engine engine = new Engine();

  /** CPU within 50 % (aim 45 %), 1 to 20 replicas, resources Off, scale-downs not stabilised. */
  private final EnginePolicy policy = noDownWindow(policy(List.of(cpuUtilization(0.5)), 1, 20));

  private static EngineState state(CapacityEstimate capacity) {
    return new EngineState(
        BehaviorState.empty(), capacity, Map.of(), List.of(), Map.of(), null, List.of(), null);
  }

  private static WorkloadState killed(int spec, int ready, Map<String, List<Instant>> kills) {
    return new WorkloadState(spec, ready, Map.of("app", Fixtures.ONE_CORE), kills);
  }

  /** {@code rps} in total, CPU at its aim (45 % of a core per pod), so CPU asks for no change. */
  private Decision decide(
      EngineState state, Instant now, double rps, int spec, Map<String, List<Instant>> kills) {
    return engine.decide(
        input(policy, signals(now, rps, 0.45, null), killed(spec, spec, kills), state, now));
  }

  /** 40 rps on 4 asked, 3 Ready: killed at 10 rps per asked replica 30 s ago. */
  private Decision firstKill() {
    return engine.decide(
        input(
            policy,
            signals(at(0), 40, 0.45, null),
            killed(4, 3, Map.of("app", List.of(at(-120), at(-60)), "sidecar", List.of(at(-30)))),
            state(CapacityEstimate.unknown()),
            at(0)));
  }

  @Test
  void theNewestKillIsRecordedAtTheRequestRatePerAskedReplica() {
    Decision decision = firstKill();
    // The newest of any container; 40 rps / 4 asked (not / 3 Ready).
    assertThat(decision.next().capacity().overloads())
        .containsEntry(OOM, new Overload(10, at(-30)));
    // Relaxed by half a minute to 10.1: ceil(40 / (0.9 x 10.1)) = 5 at once.
    assertThat(decision.replicas()).as(decision.reasons().toString()).isEqualTo(5);
    assertThat(decision.reasons())
        .anyMatch(r -> r.contains("pods were OOM-killed at 10.10 rps per replica"));
  }

  @Test
  void aKillWithinTheEpisodeOfTheRecordedOneIsIgnored() {
    EngineState recorded = firstKill().next();
    // 2 minutes after the recorded kill, at 4 rps per replica: the crash loop's consequence.
    Decision again = decide(recorded, at(90), 20, 5, Map.of("app", List.of(at(-30), at(90))));
    assertThat(again.next().capacity().overloads()).containsEntry(OOM, new Overload(10, at(-30)));
  }

  @Test
  void aKillAfterTheEpisodeIsRecordedAndTheLowerPointKept() {
    EngineState recorded = firstKill().next();
    Instant sixMinutesLater = at(-30).plus(Duration.ofMinutes(6));
    var kills = Map.of("app", List.of(at(-30), sixMinutesLater));

    // At 4 rps per replica, below the old point: the new kill is the point.
    Decision lower = decide(recorded, sixMinutesLater, 20, 5, kills);
    assertThat(lower.next().capacity().overloads())
        .containsEntry(OOM, new Overload(4, sixMinutesLater));

    // At 15 rps per replica, above the old point relaxed to 10 x (1 + 0.02 x 6) = 11.2: kept.
    Decision higher = decide(recorded, sixMinutesLater, 75, 5, kills);
    Overload kept = higher.next().capacity().overloads().get(OOM);
    assertThat(kept.at()).isEqualTo(sixMinutesLater);
    assertThat(kept.rpsPerReplica()).isCloseTo(11.2, within(1e-9));
  }

  /** What {@link OomEvidence#learn} makes of a kill 30 s ago at 40 rps on 4 replicas. */
  private static CapacityEstimate learn(ResourceMode mode, Optional<Sample> requestRate) {
    var rules = new ResourceRules(mode, 0.1, Duration.ofMinutes(15), ResourceRules.OFF.bounds());
    var in =
        input(
            Fixtures.withResources(policy(List.of(cpuUtilization(0.5)), 1, 20), rules),
            signals(at(0), 40, 0.45, null),
            killed(4, 4, Map.of("app", List.of(at(-30)))),
            EngineState.initial(),
            at(0));
    return OomEvidence.learn(in, CapacityEstimate.unknown(), requestRate);
  }

  @ParameterizedTest
  @EnumSource(
      value = ResourceMode.class,
      names = {"REQUESTS", "REQUESTS_AND_LIMITS"})
  void nothingIsRecordedWhenTheEngineRaisesMemoryItself(ResourceMode mode) {
    Optional<Sample> rate = Optional.of(new Sample(40, at(0)));
    assertThat(learn(ResourceMode.OFF, rate).overloads()).containsKey(OOM);
    assertThat(learn(mode, rate).overloads()).doesNotContainKey(OOM);
  }

  @Test
  void nothingIsRecordedWithoutARequestRate() {
    assertThat(learn(ResourceMode.OFF, Optional.empty()).overloads()).isEmpty();

    // Through the engine: a stale request rate is no request rate.
    Decision stale =
        engine.decide(
            input(
                policy,
                signals(at(-600), 40, 0.45, null),
                killed(4, 4, Map.of("app", List.of(at(-30)))),
                state(CapacityEstimate.unknown()),
                at(0)));
    assertThat(stale.next().capacity().overloads()).doesNotContainKey(OOM);
  }

  /** 40 rps on 8 pods at 10 % of a core: CPU alone asks for ceil(8 x 0.1 / 0.45) = 2. */
  private Decision at40RpsOn8(CapacityEstimate capacity) {
    return engine.decide(
        input(policy, signals(at(0), 40, 0.1, null), workload(8, 8), state(capacity), at(0)));
  }

  private static CapacityEstimate killedAt(double rpsPerReplica, Instant at) {
    return new CapacityEstimate(
        Double.NaN, Map.of(), Map.of(), Map.of(OOM, new Overload(rpsPerReplica, at)));
  }

  @Test
  void theFloorKeepsTheLoadPerReplicaBelowTheKillPoint() {
    Decision withoutKill = at40RpsOn8(CapacityEstimate.unknown());
    assertThat(withoutKill.replicas()).as(withoutKill.reasons().toString()).isEqualTo(2);

    // Killed at 6 rps per replica: at most 0.9 x 6 = 5.4 each, so ceil(40 / 5.4) = 8.
    Decision held = at40RpsOn8(killedAt(6, at(0)));
    assertThat(held.replicas()).as(held.reasons().toString()).isEqualTo(8);
    assertThat(held.reasons())
        .anyMatch(
            r ->
                r.contains("pods were OOM-killed at 6.00 rps per replica")
                    && r.contains("8 replicas keep the load below that"));
  }

  @Test
  void theFloorIsCappedAtMax() {
    // Killed at 2 rps per replica: ceil(40 / 1.8) = 23, more than the 20 allowed.
    Decision decision = at40RpsOn8(killedAt(2, at(0)));
    assertThat(decision.reasons()).anyMatch(r -> r.contains("20 replicas keep the load below"));
  }

  @Test
  void anOldKillHoldsLess() {
    // Killed at 6 rps per replica 50 minutes ago: relaxed by 2 % a minute to 12, so
    // ceil(40 / 10.8) = 4 instead of 8.
    Decision faded = at40RpsOn8(killedAt(6, at(0).minus(Duration.ofMinutes(50))));
    assertThat(faded.replicas()).as(faded.reasons().toString()).isEqualTo(4);
    assertThat(faded.reasons())
        .anyMatch(r -> r.contains("pods were OOM-killed at 12.00 rps per replica"));
  }
}
