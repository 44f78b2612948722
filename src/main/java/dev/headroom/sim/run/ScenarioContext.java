package dev.headroom.sim.run;

import dev.headroom.api.v1alpha1.PerformancePolicySpec;
import dev.headroom.sim.BudgetInfo;
import dev.headroom.sim.Resources;
import dev.headroom.sim.load.LoadTrace;
import dev.headroom.sim.model.ServiceModel;
import dev.headroom.sim.observe.SimClock;
import dev.headroom.sim.scenario.PolicyBudgets;
import dev.headroom.sim.scenario.Scenario;
import java.time.Instant;
import java.util.List;

/**
 * What a controller is told when it is created for a run: the scenario (its name, knobs and
 * policy), the workload's starting point, and the budgets. The future load and the service model
 * are offered for the oracle only; a controller under test must not call those methods, since a
 * real controller cannot know them.
 *
 * @param scenario the scenario
 * @param policy the PerformancePolicy spec the scenario uses
 * @param initialReplicas the workload's replicas at second 0
 * @param initialResources the container resources at second 0
 * @param budgets the policy's budgets as the reports show them
 */
public record ScenarioContext(
    Scenario scenario,
    PerformancePolicySpec policy,
    int initialReplicas,
    Resources initialResources,
    List<BudgetInfo> budgets) {

  public static ScenarioContext of(Scenario scenario) {
    return new ScenarioContext(
        scenario,
        scenario.policy(),
        scenario.initialReplicas(),
        scenario.service().initialResources(),
        PolicyBudgets.of(scenario.policy()));
  }

  /** The instant of simulated second 0 ({@code Observation.now()} counts from it). */
  public Instant start() {
    return SimClock.EPOCH;
  }

  /** For the oracle only: the load the scenario will offer. */
  public LoadTrace oracleTrace() {
    return scenario.load().trace();
  }

  /** For the oracle only: the true service model. */
  public ServiceModel oracleServiceModel() {
    return new ServiceModel(scenario.service().parameters());
  }

  /** For the oracle only: the longest a new pod can take to become Ready. */
  public int oracleMaxStartupSeconds() {
    return (int)
        Math.ceil(
            scenario.service().parameters().startupSeconds()
                * (1 + scenario.service().startupJitterFraction()));
  }
}
