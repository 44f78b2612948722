package dev.headroom.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headroom.api.v1alpha1.BudgetState;
import dev.headroom.api.v1alpha1.BudgetStatus;
import dev.headroom.api.v1alpha1.Mode;
import dev.headroom.api.v1alpha1.PerformancePolicy;
import dev.headroom.api.v1alpha1.PerformancePolicyStatus;
import dev.headroom.api.v1alpha1.PolicyCondition;
import dev.headroom.engine.CapacityEstimate;
import dev.headroom.engine.EngineState;
import dev.headroom.engine.behavior.BehaviorState;
import dev.headroom.engine.behavior.Recommendation;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatusMemoryTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private final StatusMemory memory = new StatusMemory();
  private final PerformancePolicy policy = PolicyEvaluationTest.policy(Mode.Enforce, 1);

  @Test
  void aStatusIsWrittenWhenWhatAUserOrARestartNeedsChangedAndAtLeastEveryRefresh() {
    assertThat(memory.shouldWrite(policy, status(T0, "180ms", "True", 4), T0))
        .as("the first")
        .isTrue();
    assertThat(
            memory.shouldWrite(
                policy, status(T0.plusSeconds(30), "185ms", "True", 4), T0.plusSeconds(30)))
        .as("only observed values and times moved")
        .isFalse();
    assertThat(
            memory.shouldWrite(
                policy, status(T0.plusSeconds(60), "250ms", "False", 4), T0.plusSeconds(60)))
        .as("a condition changed")
        .isTrue();
    assertThat(
            memory.shouldWrite(
                policy, status(T0.plusSeconds(90), "250ms", "False", 5), T0.plusSeconds(90)))
        .as("the engine recommended another count")
        .isTrue();
    Instant later = T0.plusSeconds(90).plus(StatusMemory.REFRESH);
    assertThat(
            memory.shouldWrite(
                policy, status(later.minusSeconds(1), "251ms", "False", 5), later.minusSeconds(1)))
        .isFalse();
    assertThat(memory.shouldWrite(policy, status(later, "252ms", "False", 5), later))
        .as("refreshed")
        .isTrue();
  }

  @Test
  void theNextEvaluationStartsFromTheNewestStatusWrittenOrNot() {
    policy.setStatus(status(T0, "180ms", "True", 4));
    PerformancePolicyStatus unwritten = status(T0.plusSeconds(30), "185ms", "True", 4);
    memory.shouldWrite(policy, policy.getStatus(), T0);
    memory.shouldWrite(policy, unwritten, T0.plusSeconds(30));
    assertThat(memory.base(policy, T0.plusSeconds(60))).isEqualTo(unwritten);
  }

  @Test
  void aStoredStatusTakesItsLastRecommendationToHaveHeldUntilTheRefreshWasDueOrNow() {
    policy.setStatus(status(T0, "180ms", "True", 4));
    assertThat(recommendations(memory.base(policy, T0.plusSeconds(40))))
        .containsExactly(new Recommendation(T0.plusSeconds(40), 4));
    assertThat(recommendations(memory.base(policy, T0.plus(Duration.ofHours(1)))))
        .containsExactly(new Recommendation(T0.plus(StatusMemory.REFRESH), 4));
  }

  private static List<Recommendation> recommendations(PerformancePolicyStatus status) {
    return EngineStateCodec.decode(status.engineState()).orElseThrow().behavior().recommendations();
  }

  private static PerformancePolicyStatus status(
      Instant at, String observed, String budgetsMet, int recommended) {
    BehaviorState behavior =
        new BehaviorState(List.of(new Recommendation(at, recommended)), List.of(), List.of());
    return new PerformancePolicyStatus(
        1L,
        List.of(
            new PolicyCondition(
                "BudgetsMet", budgetsMet, 1L, T0.toString(), "Observed", "p95 " + observed)),
        at.toString(),
        4,
        "p95 " + observed + "/200ms",
        List.of(
            new BudgetStatus(
                "latency/p95",
                observed,
                "200ms",
                null,
                "True".equals(budgetsMet) ? BudgetState.Met : BudgetState.Warning,
                at.toString())),
        List.of(),
        null,
        List.of(),
        EngineStateCodec.encode(
            new EngineState(
                behavior,
                CapacityEstimate.unknown(),
                Map.of(),
                List.of(),
                Map.of(),
                null,
                List.of(),
                null)));
  }
}
