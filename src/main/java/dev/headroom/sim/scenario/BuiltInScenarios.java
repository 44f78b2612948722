package dev.headroom.sim.scenario;

import java.util.List;

/** The scenarios shipped in the jar, run by {@code headroom simulate} without --scenario. */
public final class BuiltInScenarios {
  /** Classpath resources, in report order. */
  public static final List<String> RESOURCES =
      List.of(
          "scenarios/step-3x.yaml",
          "scenarios/spike.yaml",
          "scenarios/diurnal.yaml",
          "scenarios/sawtooth.yaml",
          "scenarios/slow-ramp.yaml",
          "scenarios/slow-dependency.yaml",
          "scenarios/memory-growth.yaml",
          "scenarios/pod-size.yaml",
          "scenarios/worldcup98.yaml",
          "scenarios/statefulset-step.yaml");

  private BuiltInScenarios() {}

  public static List<Scenario> load() {
    return RESOURCES.stream().map(ScenarioLoader::loadResource).toList();
  }
}
