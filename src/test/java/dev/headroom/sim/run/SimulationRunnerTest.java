package dev.headroom.sim.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.headroom.sim.ControlAction;
import dev.headroom.sim.Controller;
import dev.headroom.sim.ControllerRun;
import dev.headroom.sim.Observation;
import dev.headroom.sim.Resources;
import dev.headroom.sim.ScenarioRun;
import dev.headroom.sim.observe.SimClock;
import dev.headroom.sim.scenario.Scenario;
import dev.headroom.sim.scenario.ScenarioFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulationRunnerTest {
  @TempDir Path dir;

  private Scenario scenario() {
    return ScenarioFiles.load(dir, ScenarioFiles.SCENARIO);
  }

  /** A controller for tests: answers from a function of the second, records when it was asked. */
  private static final class Scripted implements Controller {
    final List<Integer> calls = new ArrayList<>();
    final IntFunction<ControlAction> answer;
    final Duration period;

    Scripted(Duration period, IntFunction<ControlAction> answer) {
      this.period = period;
      this.answer = answer;
    }

    @Override
    public String name() {
      return "scripted";
    }

    @Override
    public Duration syncPeriod() {
      return period;
    }

    @Override
    public ControlAction decide(Observation observation) {
      int second = SimClock.second(observation.now());
      calls.add(second);
      return answer.apply(second);
    }
  }

  @Test
  void callsTheControllerEverySyncPeriod() {
    Scripted controller =
        new Scripted(Duration.ofSeconds(15), s -> ControlAction.replicas(3, "same"));
    ControllerRun run = SimulationRunner.runOne(scenario(), context -> controller);
    assertThat(controller.calls).hasSize(39).startsWith(15, 30, 45).endsWith(585);
    assertThat(run.events()).isEmpty();
    assertThat(run.timeline().seconds()).isEqualTo(600);
  }

  @Test
  void recordsReplicasPodsRequestsAndEveryBudget() {
    Scripted controller =
        new Scripted(
            Duration.ofSeconds(10),
            s -> ControlAction.replicas(s >= 100 ? 6 : 3, s >= 100 ? "more" : "same"));
    ControllerRun run = SimulationRunner.runOne(scenario(), context -> controller);
    var timeline = run.timeline();
    assertThat(run.events())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.second()).isEqualTo(100);
              assertThat(e.fromReplicas()).isEqualTo(3);
              assertThat(e.toReplicas()).isEqualTo(6);
              assertThat(e.resourcesChanged()).isFalse();
              assertThat(e.note()).isEqualTo("more");
            });
    // A decision at second 100 applies from second 101: the timeline records each second as served.
    assertThat(timeline.specReplicas()[100]).isEqualTo(3);
    assertThat(timeline.specReplicas()[101]).isEqualTo(6);
    // Created at 100, Ready 20 s (+-10 %) later; paid for from the start.
    assertThat(timeline.pods()[101]).isEqualTo(6);
    assertThat(timeline.readyReplicas()[101]).isEqualTo(3);
    assertThat(timeline.readyReplicas()[130]).isEqualTo(6);
    assertThat(timeline.cpuRequestCores()[101]).isEqualTo(12.0);
    assertThat(timeline.memoryRequestGiB()[101]).isEqualTo(3.0);
    assertThat(timeline.budgetValues().keySet())
        .containsExactly(
            "latency/p95",
            "latency/average",
            "errorRate",
            "throughput/min",
            "cpu/utilization",
            "memory/peak");
    // At 60 rps on 3 pods of 2 cores: 1 core each, half the request.
    assertThat(timeline.budgetValues().get("cpu/utilization")[50]).isCloseTo(0.5, within(0.1));
    assertThat(timeline.budgetValues().get("throughput/min")[50]).isCloseTo(60, within(20.0));
  }

  @Test
  void clampsNegativeReplicasToZeroAndThenEverythingFails() {
    Scripted controller = new Scripted(Duration.ofSeconds(15), s -> ControlAction.replicas(-5, ""));
    ControllerRun run = SimulationRunner.runOne(scenario(), context -> controller);
    assertThat(run.events().get(0).toReplicas()).isZero();
    assertThat(run.timeline().pods()[100]).isZero();
    assertThat(run.timeline().budgetValues().get("errorRate")[100]).isEqualTo(1.0);
    assertThat(run.timeline().budgetValues().get("latency/p95")[100]).isNaN();
  }

  @Test
  void aResourceChangeRollsThePods() {
    Resources bigger = new Resources(4000, 4000, 1L << 30, 2L << 30);
    Scripted controller =
        new Scripted(
            Duration.ofSeconds(15),
            s ->
                s == 60
                    ? new ControlAction(3, Optional.of(bigger), "resize")
                    : ControlAction.replicas(3, ""));
    ControllerRun run = SimulationRunner.runOne(scenario(), context -> controller);
    assertThat(run.events())
        .singleElement()
        .satisfies(e -> assertThat(e.resourcesChanged()).isTrue());
    var timeline = run.timeline();
    assertThat(timeline.cpuRequestCores()[59]).isEqualTo(6.0);
    // maxSurge 1 of 3: at most 4 pods during the rollout, at least 3 Ready (maxUnavailable 0).
    for (int second = 60; second < 200; second++) {
      assertThat(timeline.pods()[second]).isLessThanOrEqualTo(4);
      assertThat(timeline.readyReplicas()[second]).isGreaterThanOrEqualTo(3);
    }
    assertThat(timeline.cpuRequestCores()[300]).isEqualTo(12.0);
    assertThat(timeline.memoryRequestGiB()[300]).isEqualTo(3.0);
  }

  @Test
  void theSuitePrintsProgressAndFeedsItsSinks() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    List<ScenarioRun> received = new ArrayList<>();
    List<ScenarioRun> results =
        new SimulationSuite(
                List.of(HoldController.factory()),
                List.of(received::addAll),
                new PrintStream(bytes, true, StandardCharsets.UTF_8),
                1)
            .run(List.of(scenario()));
    assertThat(received).isEqualTo(results);
    assertThat(results.get(0).loadChanges()).containsExactly(200);
    assertThat(bytes.toString(StandardCharsets.UTF_8))
        .startsWith("[1/1] small-step: hold ... replica-seconds 1800,");
  }

  @Test
  void holdKeepsTheInitialReplicas() {
    ControllerRun run = SimulationRunner.runOne(scenario(), HoldController.factory());
    assertThat(run.controller()).isEqualTo("hold");
    assertThat(run.timeline().specReplicas()).containsOnly(3);
    RunSummary summary = RunSummary.of(run, SimulationRunner.scenarioRun(scenario(), List.of(run)));
    assertThat(summary.replicaSeconds()).isEqualTo(1800);
    // 180 rps on 3 pods of 40 rps capacity from second 200: overloaded from then on.
    assertThat(summary.violationSeconds()).isGreaterThan(350);
  }
}
