package dev.headroom.sim.controllers;

import dev.headroom.engine.Engine;
import dev.headroom.engine.PolicyTranslator;
import dev.headroom.sim.run.ControllerFactory;
import dev.headroom.sim.run.ScenarioContext;
import dev.headroom.sim.scenario.KedaSettings;
import java.util.List;

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

  public static ControllerFactory keda() {
    return context -> {
      KedaSettings keda = context.scenario().keda();
      int min = minReplicas(context);
      int max = context.policy().scaling().maxReplicas();
      return new KedaController(
          keda.metric() == KedaSettings.Metric.latency
              ? KedaController.Config.latency(keda.quantile(), keda.threshold(), min, max)
              : KedaController.Config.requestRate(keda.threshold(), min, max));
    };
  }

  public static List<ControllerFactory> all() {
    return List.of(headroom(), hpa(), keda());
  }

  private static int minReplicas(ScenarioContext context) {
    return context.policy().scaling().effectiveMinReplicas();
  }
}
