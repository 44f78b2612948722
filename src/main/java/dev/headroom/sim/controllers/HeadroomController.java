package dev.headroom.sim.controllers;

import dev.headroom.engine.ContainerResources;
import dev.headroom.engine.ContainerUsage;
import dev.headroom.engine.Decision;
import dev.headroom.engine.Engine;
import dev.headroom.engine.EngineInput;
import dev.headroom.engine.EnginePolicy;
import dev.headroom.engine.EngineState;
import dev.headroom.engine.PodStartup;
import dev.headroom.engine.Sample;
import dev.headroom.engine.Signals;
import dev.headroom.engine.WorkloadState;
import dev.headroom.sim.ControlAction;
import dev.headroom.sim.Controller;
import dev.headroom.sim.Observation;
import dev.headroom.sim.PrometheusView;
import dev.headroom.sim.Resources;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Headroom's decision engine, unchanged, behind the simulator's controller contract: it turns an
 * {@link Observation} into the engine's signals and state (what the operator's signals layer and
 * reconciler do in a cluster) and the decision back into an action.
 */
public final class HeadroomController implements Controller {
  /** The simulated workload's one container. */
  public static final String CONTAINER = "app";

  private final Engine engine;
  private final EnginePolicy policy;
  private final Duration evaluationInterval;
  private EngineState state = EngineState.initial();
  private Decision lastDecision;

  public HeadroomController(Engine engine, EnginePolicy policy, Duration evaluationInterval) {
    this.engine = engine;
    this.policy = policy;
    this.evaluationInterval = evaluationInterval;
  }

  @Override
  public String name() {
    return "headroom";
  }

  @Override
  public Duration syncPeriod() {
    return evaluationInterval;
  }

  @Override
  public ControlAction decide(Observation observation) {
    Resources resources = observation.resources();
    ContainerResources current =
        new ContainerResources(
            resources.cpuRequestMillis(),
            resources.cpuLimitMillis(),
            resources.memoryRequestBytes(),
            resources.memoryLimitBytes());
    var workload =
        new WorkloadState(
            observation.specReplicas(),
            (int) observation.readyPods(),
            Map.of(CONTAINER, current),
            Map.of(CONTAINER, observation.oomKills()),
            observation.workload().orderedReady() ? PodStartup.ORDERED : PodStartup.PARALLEL);
    Decision decision =
        engine.decide(
            new EngineInput(
                policy, signals(observation.prometheus()), workload, state, observation.now()));
    state = decision.next();
    lastDecision = decision;
    ContainerResources next = decision.resources().get(CONTAINER);
    Optional<Resources> change =
        next.equals(current)
            ? Optional.empty()
            : Optional.of(
                new Resources(
                    next.cpuRequestMillis(),
                    next.cpuLimitMillis(),
                    next.memoryRequestBytes(),
                    next.memoryLimitBytes()));
    return new ControlAction(decision.replicas(), change, String.join("; ", decision.reasons()));
  }

  /** The last decision, for tests and reports. */
  public Decision lastDecision() {
    return lastDecision;
  }

  static Signals signals(PrometheusView view) {
    Instant at = view.sampledAt();
    if (at == null) {
      return Signals.none();
    }
    Map<Double, Sample> latency = new HashMap<>();
    view.latencyQuantileSeconds()
        .forEach(
            (q, seconds) -> {
              if (Double.isFinite(seconds)) {
                latency.put(q, new Sample(seconds, at));
              }
            });
    Map<String, ContainerUsage> containers = new HashMap<>();
    if (view.cpuCoresPerPodHighPercentile().isPresent()
        && view.memoryBytesPerPodPeak().isPresent()) {
      containers.put(
          CONTAINER,
          new ContainerUsage(
              view.cpuCoresPerPodHighPercentile().getAsDouble(),
              (long) view.memoryBytesPerPodPeak().getAsDouble(),
              view.cpuThrottledRatio().orElse(0),
              at));
    }
    return new Signals(
        sample(view.requestRate(), at),
        latency,
        sample(view.latencyAverageSeconds(), at),
        sample(view.errorRatio(), at),
        sample(view.cpuCoresPerPod(), at),
        sample(view.memoryBytesPerPodNow(), at),
        containers);
  }

  private static Optional<Sample> sample(OptionalDouble value, Instant at) {
    return value.isPresent() && Double.isFinite(value.getAsDouble())
        ? Optional.of(new Sample(value.getAsDouble(), at))
        : Optional.empty();
  }
}
