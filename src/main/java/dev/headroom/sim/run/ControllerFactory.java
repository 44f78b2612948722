package dev.headroom.sim.run;

import dev.headroom.sim.Controller;
import dev.headroom.sim.scenario.Scenario;
import java.util.Optional;

/**
 * Makes a fresh controller for one run of one scenario. A suite may call it from several threads at
 * once (one run per thread), so it must not share mutable state between the controllers it makes.
 */
@FunctionalInterface
public interface ControllerFactory {
  Controller create(ScenarioContext context);

  /**
   * Why this controller does not run on the scenario (a baseline with nothing in the policy to
   * configure it from), said in the report; empty when it runs.
   */
  default Optional<String> notRunBecause(Scenario scenario) {
    return Optional.empty();
  }
}
