package dev.headroom.engine;

import static dev.headroom.engine.Fixtures.T0;
import static dev.headroom.engine.Fixtures.input;
import static dev.headroom.engine.Fixtures.p95;
import static dev.headroom.engine.Fixtures.policy;
import static dev.headroom.engine.Fixtures.workload;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PodSizerTest {
  private static final ResourceBounds QUARTER_TO_FOUR =
      new ResourceBounds(250, 4000, 128L << 20, 4L << 30);
  private static final ResourceRules RESIZABLE =
      new ResourceRules(
          ResourceMode.REQUESTS_AND_LIMITS,
          0.1,
          Duration.ofMinutes(10),
          Map.of("*", QUARTER_TO_FOUR));
  private static final ContainerResources ONE_CORE =
      new ContainerResources(1000, 1000, 512L << 20, 1L << 30);

  /** 50 ms of CPU per request, no learned corrections: M/M/c with c = the pod's cores. */
  private static final CapacityEstimate FIFTY_MS = new CapacityEstimate(0.05, Map.of(), Map.of());

  private static EngineInput at150Rps(EnginePolicy policy) {
    return input(policy, Signals.none(), workload(18, 18, ONE_CORE), EngineState.initial(), T0);
  }

  @Test
  void choosesTheCheapestSizeThatMeetsTheLatencyBudget() {
    var policy = Fixtures.withResources(policy(List.of(p95(0.25)), 1, 60), RESIZABLE);
    var input = at150Rps(policy);
    var choice =
        PodSizer.choose(input, EngineConfig.DEFAULT, FIFTY_MS, Map.of("app", ONE_CORE), 150);

    assertThat(choice).isPresent();
    var chosen = choice.get().resources().get("app");
    var horizontal =
        new HorizontalRecommender(
            input, EngineConfig.DEFAULT, FIFTY_MS, java.util.Optional.empty(), 0);
    double aim = p95(0.25).aim(EngineConfig.DEFAULT.headroom());
    double cores = chosen.usableCores();
    int replicas = choice.get().replicas();
    assertThat(FIFTY_MS.predictLatency(p95(0.25), 150, replicas, cores)).isLessThanOrEqualTo(aim);
    assertThat(replicas).isEqualTo(horizontal.fewestMeeting(p95(0.25), aim, 150, cores, 60));
    // At one core a request waits behind the one before it: bigger pods pool the queue.
    assertThat(cores).isGreaterThan(1);
    assertThat(chosen.cpuRequestMillis()).isEqualTo(chosen.cpuLimitMillis());
    double chosenCost = replicas * Prices.DEFAULT.perPodHour(chosen.cpuRequestMillis(), 512L << 20);
    for (ContainerResources other :
        PodSizer.candidates(ONE_CORE, QUARTER_TO_FOUR, ResourceMode.REQUESTS_AND_LIMITS)) {
      int needed =
          Math.max(
              horizontal.fewestMeeting(p95(0.25), aim, 150, other.usableCores(), 60),
              horizontal.fewestWithUtilization(150, other.usableCores(), 60));
      if (needed <= 60) {
        assertThat(chosenCost)
            .as("%dm x %d", other.cpuRequestMillis(), needed)
            .isLessThanOrEqualTo(
                needed * Prices.DEFAULT.perPodHour(other.cpuRequestMillis(), 512L << 20));
      }
    }
  }

  @Test
  void keepsTheSizeWhenResourcesAreOffOrNothingIsLearned() {
    var off = policy(List.of(p95(0.25)), 1, 60);
    assertThat(
            PodSizer.choose(
                at150Rps(off), EngineConfig.DEFAULT, FIFTY_MS, Map.of("app", ONE_CORE), 150))
        .isEmpty();
    var resizable = Fixtures.withResources(off, RESIZABLE);
    assertThat(
            PodSizer.choose(
                at150Rps(resizable),
                EngineConfig.DEFAULT,
                CapacityEstimate.unknown(),
                Map.of("app", ONE_CORE),
                150))
        .isEmpty();
  }

  @Test
  void aSavingBelowTheMinimumChangeIsNotWorthARollout() {
    var picky =
        new ResourceRules(
            ResourceMode.REQUESTS_AND_LIMITS,
            0.99,
            Duration.ofMinutes(10),
            Map.of("*", QUARTER_TO_FOUR));
    var policy = Fixtures.withResources(policy(List.of(p95(0.25)), 1, 60), picky);
    assertThat(
            PodSizer.choose(
                at150Rps(policy), EngineConfig.DEFAULT, FIFTY_MS, Map.of("app", ONE_CORE), 150))
        .isEmpty();
  }

  @Test
  void candidatesStayWithinTheBounds() {
    assertThat(PodSizer.candidates(ONE_CORE, QUARTER_TO_FOUR, ResourceMode.REQUESTS_AND_LIMITS))
        .isNotEmpty()
        .allSatisfy(
            c -> {
              assertThat(c.cpuRequestMillis()).isBetween(250L, 4000L);
              assertThat(c.cpuLimitMillis()).isBetween(250L, 4000L);
            })
        .doesNotContain(ONE_CORE);
  }
}
