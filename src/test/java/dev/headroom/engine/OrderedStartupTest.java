package dev.headroom.engine;

import static dev.headroom.engine.Fixtures.at;
import static dev.headroom.engine.Fixtures.input;
import static dev.headroom.engine.Fixtures.p95;
import static dev.headroom.engine.Fixtures.policy;
import static dev.headroom.engine.Fixtures.signals;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A target whose pods start one at a time (a StatefulSet with OrderedReady) against one whose pods
 * start together, on the same inputs: the engine changes no pod size for the first and decides
 * everything else alike.
 */
class OrderedStartupTest {
  private static final ContainerResources ONE_CORE =
      new ContainerResources(1000, 1000, 512L << 20, 1L << 30);
  private static final ResourceRules RESIZABLE =
      new ResourceRules(
          ResourceMode.REQUESTS_AND_LIMITS,
          0.1,
          Duration.ofMinutes(10),
          Map.of("*", new ResourceBounds(250, 4000, 128L << 20, 4L << 30)));

  private final Engine engine = new Engine();

  private static WorkloadState workload(int spec, int ready, PodStartup startup) {
    return new WorkloadState(spec, ready, Map.of("app", ONE_CORE), Map.of(), startup);
  }

  @Test
  void theFourArgumentStateStartsPodsTogether() {
    var four = new WorkloadState(3, 2, Map.of("app", ONE_CORE), Map.of());
    assertThat(four.podStartup()).isEqualTo(PodStartup.PARALLEL);
    assertThat(four.startsInOrder()).isFalse();
    assertThat(four).isEqualTo(workload(3, 2, PodStartup.PARALLEL));
    assertThat(workload(3, 2, null).podStartup()).isEqualTo(PodStartup.PARALLEL);
    assertThat(workload(3, 2, PodStartup.ORDERED).startsInOrder()).isTrue();
  }

  /**
   * 150 rps on 18 one-core pods, 50 ms of CPU a request, p95 met: bigger pods pool the queue, and
   * PodSizer finds 4-core pods cheaper (PodSizerTest). Decisions every 15 s until one resizes.
   */
  @Test
  void aPodSizeChangeIsMadeOnlyWherePodsStartTogether() {
    var resizable = Fixtures.withResources(policy(List.of(p95(0.25)), 1, 60), RESIZABLE);
    EngineState parallel = EngineState.initial();
    EngineState ordered = EngineState.initial();
    Decision resized = null;
    Decision kept = null;
    for (int i = 0; i < 12 && resized == null; i++) {
      var observed = signals(at(15 * i), 150, 150 * 0.05 / 18, 0.2);
      Decision p =
          engine.decide(
              input(
                  resizable,
                  observed,
                  workload(18, 18, PodStartup.PARALLEL),
                  parallel,
                  at(15 * i)));
      Decision o =
          engine.decide(
              input(
                  resizable, observed, workload(18, 18, PodStartup.ORDERED), ordered, at(15 * i)));
      parallel = p.next();
      ordered = o.next();
      if (p.has(DecisionFlag.RESOURCES_CHANGED)) {
        resized = p;
        kept = o;
      } else {
        assertThat(o).as("decision %d", i).isEqualTo(p);
      }
    }
    assertThat(resized).as("a decision that resizes where pods start together").isNotNull();
    assertThat(resized.resources().get("app").cpuLimitMillis()).isGreaterThan(1000);
    assertThat(resized.replicas()).isLessThan(18);
    // One at a time, the old pods would carry the load for 18 start-ups while the count fell.
    assertThat(kept.has(DecisionFlag.RESOURCES_CHANGED)).isFalse();
    assertThat(kept.resources().get("app")).isEqualTo(ONE_CORE);
    assertThat(kept.replicas()).isEqualTo(18);
  }

  /**
   * With resources Off the ordering changes nothing: a steady load, a step, pods starting, pods
   * saturated, then Ready again, decided alike for both.
   */
  @Test
  void withoutAPodSizeToChooseBothAreDecidedAlike() {
    var off = policy(List.of(p95(0.25)), 1, 60);
    List<Object[]> steps = new ArrayList<>();
    // seconds, rps, cpu per pod, p95, spec, ready
    for (int i = 0; i < 8; i++) {
      steps.add(new Object[] {15 * i, 40.0, 0.5, 0.2, 4, 4});
    }
    steps.add(new Object[] {120, 60.0, 0.75, 4.0, 4, 4});
    steps.add(new Object[] {135, 80.0, 0.98, 6.0, 8, 4});
    steps.add(new Object[] {150, 100.0, 0.98, 7.0, 8, 5});
    steps.add(new Object[] {165, 110.0, 0.98, 6.0, 8, 6});
    steps.add(new Object[] {180, 110.0, 0.7, 2.0, 8, 8});
    steps.add(new Object[] {195, 110.0, 0.7, 0.3, 8, 8});
    steps.add(new Object[] {210, 110.0, 0.7, 0.2, 8, 8});
    EngineState parallel = EngineState.initial();
    EngineState ordered = EngineState.initial();
    int spec = 4;
    for (Object[] step : steps) {
      int second = (int) step[0];
      var observed = signals(at(second), (double) step[1], (double) step[2], (double) step[3]);
      Decision p =
          engine.decide(
              input(
                  off,
                  observed,
                  workload((int) step[4], (int) step[5], PodStartup.PARALLEL),
                  parallel,
                  at(second)));
      Decision o =
          engine.decide(
              input(
                  off,
                  observed,
                  workload((int) step[4], (int) step[5], PodStartup.ORDERED),
                  ordered,
                  at(second)));
      assertThat(o).as("at %d s", second).isEqualTo(p);
      parallel = p.next();
      ordered = o.next();
      spec = Math.max(spec, p.replicas());
    }
    assertThat(spec).as("the sequence did scale up").isGreaterThan(4);
  }
}
