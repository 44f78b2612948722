package dev.headroom.sim.controllers;

import dev.headroom.engine.Engine;
import dev.headroom.engine.PolicyTranslator;
import dev.headroom.sim.Controller;
import dev.headroom.sim.run.ControllerFactory;
import dev.headroom.sim.run.ScenarioContext;
import dev.headroom.sim.scenario.KedaSettings;
import dev.headroom.sim.scenario.Scenario;
import java.util.List;
import java.util.Optional;

/**
 * The controllers every scenario compares, each configured from the same scenario and policy:
 * Headroom's engine with the policy itself; the HPA with the scenario's CPU target and the HPA's
 * default behavior; KEDA with the scenario's Prometheus query and threshold. The oracle comes from
 * {@code sim.oracle}.
 */
public final class Contenders {
  private Contenders() {}

  public static ControllerFactory headroom() {
    return context ->
        new HeadroomController(
            new Engine(),
            PolicyTranslator.translate(context.policy()),
            context.policy().effectiveEvaluationInterval());
  }

  public static ControllerFactory hpa() {
    return context ->
        new HpaController(
            HpaController.Config.defaults(
                context.scenario().hpa().targetCpuUtilizationPercent(),
                minReplicas(context),
                context.policy().scaling().maxReplicas()));
  }

  /** KEDA with the scenario's trigger; not run when there is none (nothing to derive it from). */
  public static ControllerFactory keda() {
    return new KedaFactory();
  }

  private static final class KedaFactory implements ControllerFactory {
    @Override
    public Optional<String> notRunBecause(Scenario scenario) {
      return scenario.keda().isPresent()
          ? Optional.empty()
          : Optional.of(
              "keda, whose trigger cannot be derived from this policy (no latency budget and no"
                  + " throughput.requestsPerSecondPerReplica); set keda.metric and keda.threshold"
                  + " in the scenario to compare it");
    }

    @Override
    public Controller create(ScenarioContext context) {
      KedaSettings keda =
          context
              .scenario()
              .keda()
              .orElseThrow(
                  () -> new IllegalStateException(notRunBecause(context.scenario()).get()));
      int min = minReplicas(context);
      int max = context.policy().scaling().maxReplicas();
      return new KedaController(
          switch (keda.metric()) {
            case latency ->
                KedaController.Config.latency(keda.quantile(), keda.threshold(), min, max);
            case averageLatency -> KedaController.Config.averageLatency(keda.threshold(), min, max);
            case requestRate -> KedaController.Config.requestRate(keda.threshold(), min, max);
          });
    }
  }

  public static List<ControllerFactory> all() {
    return List.of(headroom(), hpa(), keda());
  }

  private static int minReplicas(ScenarioContext context) {
    return context.policy().scaling().effectiveMinReplicas();
  }
}
