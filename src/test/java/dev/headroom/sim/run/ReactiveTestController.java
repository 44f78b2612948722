package dev.headroom.sim.run;

import dev.headroom.sim.ControlAction;
import dev.headroom.sim.Controller;
import dev.headroom.sim.Observation;
import dev.headroom.sim.Resources;
import java.time.Duration;
import java.util.Optional;

/**
 * A simple controller for tests that acts on what it observes: replicas for 25 rps each by
 * Prometheus' request rate, and once, after ten minutes, a doubled memory limit (a rollout).
 */
final class ReactiveTestController implements Controller {
  private boolean resized;

  static ControllerFactory factory() {
    return context -> new ReactiveTestController();
  }

  @Override
  public String name() {
    return "reactive";
  }

  @Override
  public Duration syncPeriod() {
    return Duration.ofSeconds(15);
  }

  @Override
  public ControlAction decide(Observation observation) {
    int replicas = observation.specReplicas();
    if (observation.prometheus().requestRate().isPresent()) {
      replicas = (int) Math.ceil(observation.prometheus().requestRate().getAsDouble() / 25);
    }
    Optional<Resources> resources = Optional.empty();
    if (!resized && observation.now().getEpochSecond() % 86400 >= 600) {
      Resources now = observation.resources();
      resources =
          Optional.of(
              new Resources(
                  now.cpuRequestMillis(),
                  now.cpuLimitMillis(),
                  now.memoryRequestBytes(),
                  2 * Math.max(now.memoryLimitBytes(), now.memoryRequestBytes())));
      resized = true;
    }
    return new ControlAction(Math.max(1, replicas), resources, "request rate");
  }
}
