package dev.headroom.sim.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headroom.sim.ControllerRun;
import dev.headroom.sim.ScenarioRun;
import dev.headroom.sim.Timeline;
import dev.headroom.sim.oracle.OracleController;
import dev.headroom.sim.scenario.BuiltInScenarios;
import dev.headroom.sim.scenario.Scenario;
import dev.headroom.sim.scenario.ScenarioFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The same scenario and seed give the same runs, and every controller sees the same load. */
class DeterminismTest {
  private static final List<ControllerFactory> CONTROLLERS =
      List.of(
          HoldController.factory(), ReactiveTestController.factory(), OracleController.factory());

  static Stream<String> builtIns() {
    return BuiltInScenarios.RESOURCES.stream();
  }

  @ParameterizedTest
  @MethodSource("builtIns")
  void everyBuiltInScenarioRunsIdenticallyTwice(String resource) {
    Scenario scenario = dev.headroom.sim.scenario.ScenarioLoader.loadResource(resource);
    assertIdenticalRuns(scenario);
  }

  @Test
  void aCsvScenarioRunsIdenticallyTwice(@TempDir Path dir) throws IOException {
    StringBuilder csv = new StringBuilder("seconds,rps\n");
    for (int minute = 0; minute <= 20; minute++) {
      csv.append(minute * 60).append(',').append(40 + 8 * (minute % 7)).append('\n');
    }
    Files.writeString(dir.resolve("trace.csv"), csv);
    Scenario scenario =
        ScenarioFiles.load(
            dir,
            ScenarioFiles.SCENARIO
                .replace("durationSeconds: 600", "durationSeconds: 1200")
                .replace(
                    "  shape: step\n  fromRps: 60\n  toRps: 180\n  atSecond: 200\n",
                    "  csv: trace.csv\n  scale: 1.5\n"));
    assertIdenticalRuns(scenario);
  }

  @Test
  void anotherSeedDrawsOtherArrivals(@TempDir Path dir) {
    Scenario first = ScenarioFiles.load(dir, ScenarioFiles.SCENARIO);
    Scenario second =
        ScenarioFiles.load(dir, ScenarioFiles.SCENARIO.replace("seed: 42", "seed: 43"));
    double[] a = SimulationRunner.runOne(first, HoldController.factory()).timeline().loadRps();
    double[] b = SimulationRunner.runOne(second, HoldController.factory()).timeline().loadRps();
    assertThat(a).isNotEqualTo(b);
  }

  @Test
  void aSuiteGivesTheSameResultsOnOneThreadAndOnSeveral(@TempDir Path dir) throws IOException {
    Scenario scenario = ScenarioFiles.load(dir, ScenarioFiles.SCENARIO);
    List<ScenarioRun> oneThread =
        new SimulationSuite(CONTROLLERS, List.of(), null, 1).run(List.of(scenario, scenario));
    List<ScenarioRun> threads =
        new SimulationSuite(CONTROLLERS, List.of(), null, 3).run(List.of(scenario, scenario));
    for (int i = 0; i < 2; i++) {
      assertSame(oneThread.get(i), threads.get(i));
    }
  }

  private static void assertIdenticalRuns(Scenario scenario) {
    ScenarioRun first = SimulationRunner.run(scenario, CONTROLLERS);
    ScenarioRun second = SimulationRunner.run(scenario, CONTROLLERS);
    assertSame(first, second);
    // Every controller was offered the same arrivals, whatever it did.
    double[] load = first.runs().get(0).timeline().loadRps();
    for (ControllerRun run : first.runs()) {
      assertThat(run.timeline().loadRps()).as(run.controller()).isEqualTo(load);
    }
    // The run did something: the reactive controller scaled at least once.
    assertThat(first.runs().get(1).events()).isNotEmpty();
  }

  private static void assertSame(ScenarioRun first, ScenarioRun second) {
    assertThat(second.scenario()).isEqualTo(first.scenario());
    assertThat(second.budgets()).isEqualTo(first.budgets());
    assertThat(second.loadChanges()).isEqualTo(first.loadChanges());
    assertThat(second.runs()).hasSameSizeAs(first.runs());
    for (int i = 0; i < first.runs().size(); i++) {
      ControllerRun a = first.runs().get(i);
      ControllerRun b = second.runs().get(i);
      assertThat(b.controller()).isEqualTo(a.controller());
      assertThat(b.events()).isEqualTo(a.events());
      assertSameTimeline(a.controller(), a.timeline(), b.timeline());
    }
  }

  private static void assertSameTimeline(String controller, Timeline a, Timeline b) {
    assertThat(b.loadRps()).as(controller).isEqualTo(a.loadRps());
    assertThat(b.specReplicas()).as(controller).isEqualTo(a.specReplicas());
    assertThat(b.readyReplicas()).as(controller).isEqualTo(a.readyReplicas());
    assertThat(b.pods()).as(controller).isEqualTo(a.pods());
    assertThat(b.cpuRequestCores()).as(controller).isEqualTo(a.cpuRequestCores());
    assertThat(b.memoryRequestGiB()).as(controller).isEqualTo(a.memoryRequestGiB());
    assertThat(b.budgetValues().keySet()).isEqualTo(a.budgetValues().keySet());
    List<String> differing = new ArrayList<>();
    for (Map.Entry<String, double[]> entry : a.budgetValues().entrySet()) {
      if (!java.util.Arrays.equals(entry.getValue(), b.budgetValues().get(entry.getKey()))) {
        differing.add(entry.getKey());
      }
    }
    assertThat(differing).as(controller + ": budgets whose values differ").isEmpty();
  }
}
