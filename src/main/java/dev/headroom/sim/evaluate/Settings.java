package dev.headroom.sim.evaluate;

import dev.headroom.api.v1alpha1.LatencyBudget;
import dev.headroom.api.v1alpha1.LatencyStatistic;
import dev.headroom.sim.controllers.Contenders;
import dev.headroom.sim.controllers.HpaController;
import dev.headroom.sim.controllers.KedaController;
import dev.headroom.sim.model.ServiceModel;
import dev.headroom.sim.oracle.OracleController;
import dev.headroom.sim.run.ControllerFactory;
import dev.headroom.sim.scenario.PolicyBudgets;
import dev.headroom.sim.scenario.Scenario;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What runs on every scenario of an evaluation: Headroom with the policy as written, the oracle,
 * and the baseline sweep. The sweep is fixed (docs/simulator.md): the HPA at CPU targets 30, 40 …
 * 90 %; KEDA's latency trigger on the policy's first percentile budget at 0.5, 0.625, 0.75, 0.875
 * and 1 × its target; KEDA's request-rate trigger at 0.3, 0.45, 0.6, 0.75 and 0.9 × one pod's
 * capacity (what a team finds in a load test). Each is the controller as users get it: no behavior
 * of its own (the HPA's legacy path, also KEDA's generated HPA), and KEDA queried at every 15 s HPA
 * sync (no cached metrics).
 */
public final class Settings {
  public static final String HEADROOM = "headroom";
  public static final String ORACLE = "oracle";
  public static final String HPA = "hpa";
  public static final String KEDA_LATENCY = "keda-latency";
  public static final String KEDA_RPS = "keda-rps";

  static final int[] HPA_TARGETS = {30, 40, 50, 60, 70, 80, 90};
  static final double[] KEDA_LATENCY_FACTORS = {0.5, 0.625, 0.75, 0.875, 1.0};
  static final double[] KEDA_RPS_FACTORS = {0.3, 0.45, 0.6, 0.75, 0.9};

  /**
   * One setting of one controller.
   *
   * @param family see {@link Point#family()}
   * @param setting see {@link Point#setting()}
   * @param factory makes the controller for a run
   */
  public record Setting(String family, String setting, ControllerFactory factory) {}

  private Settings() {}

  /** Headroom, the oracle, then the sweep, in report order. */
  public static List<Setting> forScenario(Scenario scenario) {
    List<Setting> settings = new ArrayList<>();
    settings.add(new Setting(HEADROOM, "", Contenders.headroom()));
    settings.add(new Setting(ORACLE, "", OracleController.factory()));
    settings.addAll(baselines(scenario));
    return List.copyOf(settings);
  }

  static List<Setting> baselines(Scenario scenario) {
    List<Setting> settings = new ArrayList<>();
    int min = scenario.policy().scaling().effectiveMinReplicas();
    int max = scenario.policy().scaling().maxReplicas();
    for (int target : HPA_TARGETS) {
      settings.add(
          new Setting(
              HPA,
              target + "%",
              context -> new HpaController(HpaController.Config.asUsersGetIt(target, min, max))));
    }
    Optional<LatencyBudget> percentile = firstPercentileBudget(scenario);
    if (percentile.isPresent()) {
      double quantile = percentile.get().percentile();
      double target = PolicyBudgets.seconds(percentile.get().target());
      for (double factor : KEDA_LATENCY_FACTORS) {
        double threshold = target * factor;
        settings.add(
            new Setting(
                KEDA_LATENCY,
                factor(factor),
                context ->
                    new KedaController(
                        KedaController.Config.asUsersGetIt(
                            KedaController.MetricKind.LATENCY_QUANTILE,
                            quantile,
                            threshold,
                            min,
                            max))));
      }
    }
    double capacity =
        new ServiceModel(scenario.service().parameters())
            .capacityRps(scenario.service().initialResources());
    for (double factor : KEDA_RPS_FACTORS) {
      double threshold = capacity * factor;
      settings.add(
          new Setting(
              KEDA_RPS,
              factor(factor),
              context ->
                  new KedaController(
                      KedaController.Config.asUsersGetIt(
                          KedaController.MetricKind.REQUEST_RATE,
                          Double.NaN,
                          threshold,
                          min,
                          max))));
    }
    return settings;
  }

  private static String factor(double factor) {
    return String.format(Locale.ROOT, "%.3gx", factor).replaceAll("0+x$", "x").replace(".x", "x");
  }

  private static Optional<LatencyBudget> firstPercentileBudget(Scenario scenario) {
    if (scenario.policy().budgets().latency() == null) {
      return Optional.empty();
    }
    return scenario.policy().budgets().latency().stream()
        .filter(
            b ->
                (b.statistic() == null || b.statistic() == LatencyStatistic.Percentile)
                    && b.percentile() != null)
        .findFirst();
  }
}
