package dev.headroom.sim.run;

import dev.headroom.sim.Controller;

/**
 * Makes a fresh controller for one run of one scenario. A suite may call it from several threads at
 * once (one run per thread), so it must not share mutable state between the controllers it makes.
 */
@FunctionalInterface
public interface ControllerFactory {
  Controller create(ScenarioContext context);
}
