package dev.headroom.sim.run;

import dev.headroom.sim.ControlAction;
import dev.headroom.sim.Controller;
import dev.headroom.sim.Observation;
import java.time.Duration;

/** The baseline of no autoscaling: keeps the replicas the scenario starts with. */
public final class HoldController implements Controller {
  private final int replicas;

  public HoldController(int replicas) {
    this.replicas = replicas;
  }

  public static ControllerFactory factory() {
    return context -> new HoldController(context.initialReplicas());
  }

  @Override
  public String name() {
    return "hold";
  }

  @Override
  public Duration syncPeriod() {
    return Duration.ofSeconds(15);
  }

  @Override
  public ControlAction decide(Observation observation) {
    return ControlAction.replicas(replicas, "hold the initial replicas");
  }
}
