package dev.headroom.sim.oracle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headroom.sim.BudgetInfo;
import dev.headroom.sim.ControllerRun;
import dev.headroom.sim.ScenarioRun;
import dev.headroom.sim.model.ServiceModel;
import dev.headroom.sim.run.HoldController;
import dev.headroom.sim.run.ScenarioContext;
import dev.headroom.sim.run.ServingCapacity;
import dev.headroom.sim.run.SimulationRunner;
import dev.headroom.sim.scenario.Scenario;
import dev.headroom.sim.scenario.ScenarioFiles;
import dev.headroom.sim.scenario.ScenarioLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OracleControllerTest {
  @TempDir Path dir;

  private Scenario scenario(boolean poisson) {
    String text = ScenarioFiles.SCENARIO;
    if (!poisson) {
      text = text.replace("  atSecond: 200\n", "  atSecond: 200\n  poissonArrivals: false\n");
    }
    return ScenarioFiles.load(dir, text);
  }

  private static int violations(ScenarioRun scenario, ControllerRun run, int fromSecond) {
    int seconds = 0;
    for (int second = fromSecond; second < run.timeline().seconds(); second++) {
      for (BudgetInfo budget : scenario.budgets()) {
        if (budget.name().startsWith("cpu/") || budget.name().startsWith("memory/")) {
          continue; // pod-size budgets: the oracle does not size pods
        }
        if (budget.violatedBy(run.timeline().budgetValues().get(budget.name())[second])) {
          seconds++;
          break;
        }
      }
    }
    return seconds;
  }

  @Test
  void meetsTheBudgetsOnceItsFirstPodsHaveStarted() {
    Scenario scenario = scenario(false);
    ScenarioRun run = SimulationRunner.run(scenario, List.of(OracleController.factory()));
    ControllerRun oracle = run.runs().get(0);
    int lead = ScenarioContext.of(scenario).oracleMaxStartupSeconds();
    assertThat(violations(run, oracle, lead + 1)).isZero();
    // The hold baseline on the same scenario breaks them.
    ControllerRun hold = SimulationRunner.runOne(scenario, HoldController.factory());
    assertThat(violations(run, hold, lead + 1)).isGreaterThan(300);
  }

  @Test
  void startsPodsOneStartUpTimeAheadOfTheStep() {
    Scenario scenario = scenario(false);
    ControllerRun oracle = SimulationRunner.runOne(scenario, OracleController.factory());
    int lead = ScenarioContext.of(scenario).oracleMaxStartupSeconds();
    int[] spec = oracle.timeline().specReplicas();
    int[] ready = oracle.timeline().readyReplicas();
    assertThat(spec[200 - lead - 2]).isLessThan(spec[200]);
    assertThat(ready[200]).isEqualTo(spec[200]);
  }

  @Test
  void whenPodsStartOneAtATimeItStartsTheChainEarlyEnough() {
    Scenario scenario =
        ScenarioFiles.load(
            dir,
            ScenarioFiles.SCENARIO.replace(
                    "  atSecond: 200\n", "  atSecond: 200\n  poissonArrivals: false\n")
                + "workload:\n  kind: StatefulSet\n");
    ScenarioRun run = SimulationRunner.run(scenario, List.of(OracleController.factory()));
    ControllerRun oracle = run.runs().get(0);
    int lead = ScenarioContext.of(scenario).oracleMaxStartupSeconds();
    assertThat(violations(run, oracle, lead + 1)).isZero();
    int[] spec = oracle.timeline().specReplicas();
    int[] ready = oracle.timeline().readyReplicas();
    int added = ready[200] - ready[lead + 1];
    assertThat(added).as("pods the step needs").isGreaterThan(1);
    int firstRise = lead + 1;
    while (spec[firstRise] <= spec[lead + 1]) {
      firstRise++;
    }
    // The pods come one start-up apart, so the first is asked for about as many start-ups ahead
    // as there are pods to add, not one start-up ahead as for a Deployment.
    assertThat(firstRise).isLessThanOrEqualTo(200 - (added - 1) * lead);
    for (int second = 1; second < spec.length; second++) {
      assertThat(ready[second] - ready[second - 1]).as("at %d", second).isLessThanOrEqualTo(1);
    }
  }

  @Test
  void asksForTheFewestReplicasThatMeetTheBudgets() {
    Scenario scenario = scenario(false);
    ControllerRun oracle = SimulationRunner.runOne(scenario, OracleController.factory());
    int replicas = oracle.timeline().specReplicas()[500];
    ScenarioContext context = ScenarioContext.of(scenario);
    ServiceModel model = context.oracleServiceModel();
    double rps = context.oracleTrace().rpsAt(500);
    double p95With = quantile(model, context, rps / replicas);
    double p95Without = quantile(model, context, rps / (replicas - 1));
    assertThat(p95With).isLessThanOrEqualTo(0.25);
    assertThat(replicas - 1 < 1 || p95Without > 0.25 || rps / (replicas - 1) >= 39.2)
        .as("%d replicas would not do: p95 %s", replicas - 1, p95Without)
        .isTrue();
  }

  private static double quantile(ServiceModel model, ScenarioContext context, double perPod) {
    if (perPod
        >= ServiceModel.MAX_EQUILIBRIUM_UTILIZATION
            * model.capacityRps(context.initialResources())) {
      return Double.POSITIVE_INFINITY;
    }
    return model.steadyState(context.initialResources(), perPod, 0).latency().quantileSeconds(0.95);
  }

  @Test
  void neverChangesResourcesAndStaysWithinTheReplicaBounds() {
    Scenario scenario = ScenarioLoader.loadResource("scenarios/spike.yaml");
    ControllerRun oracle = SimulationRunner.runOne(scenario, OracleController.factory());
    assertThat(oracle.events()).noneMatch(e -> e.resourcesChanged());
    assertThat(java.util.Arrays.stream(oracle.timeline().specReplicas()))
        .allMatch(r -> r >= scenario.policy().scaling().effectiveMinReplicas())
        .allMatch(r -> r <= scenario.policy().scaling().maxReplicas());
  }

  @Test
  void withRandomArrivalsItRarelyMissesABudget() {
    Scenario scenario = scenario(true);
    ScenarioRun run = SimulationRunner.run(scenario, List.of(OracleController.factory()));
    int lead = ScenarioContext.of(scenario).oracleMaxStartupSeconds();
    assertThat(violations(run, run.runs().get(0), lead + 1)).isLessThan(6);
  }

  @Test
  void keepsAThroughputFloorsCapacityWhateverTheLoad() throws Exception {
    // A night of 5 rps under a floor of 300: the floor, not the load, sets the replicas.
    Files.writeString(
        dir.resolve("policy.yaml"),
        ScenarioFiles.POLICY.replace("minRequestsPerSecond: 30", "minRequestsPerSecond: 300"));
    Path file = dir.resolve("night.yaml");
    Files.writeString(
        file,
        ScenarioFiles.SCENARIO
            .replace("fromRps: 60", "fromRps: 5")
            .replace("toRps: 180", "toRps: 5"));
    Scenario scenario = ScenarioLoader.load(file);
    ScenarioRun run = SimulationRunner.run(scenario, List.of(OracleController.factory()));
    ControllerRun oracle = run.runs().get(0);
    ScenarioContext context = ScenarioContext.of(scenario);
    double perPod =
        ServingCapacity.of(scenario.policy(), run.budgets(), context.oracleServiceModel())
            .perPodRps(context.initialResources(), 0);
    int replicas = oracle.timeline().specReplicas()[500];

    assertThat(replicas * perPod).isGreaterThanOrEqualTo(300);
    assertThat((replicas - 1) * perPod).isLessThan(300);
    int lead = context.oracleMaxStartupSeconds();
    assertThat(violations(run, oracle, lead + 1)).isZero();
  }
}
