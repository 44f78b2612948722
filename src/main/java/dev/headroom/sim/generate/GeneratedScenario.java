package dev.headroom.sim.generate;

import dev.headroom.sim.scenario.Scenario;

/**
 * One drawn scenario.
 *
 * @param family the family it was drawn from
 * @param yaml the scenario file's text, policy inline: writing it out reproduces the scenario
 * @param scenario the same text, parsed
 */
public record GeneratedScenario(Family family, String yaml, Scenario scenario) {
  public String name() {
    return scenario.name();
  }
}
