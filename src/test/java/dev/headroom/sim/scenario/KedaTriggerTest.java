package dev.headroom.sim.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.headroom.sim.ScenarioRun;
import dev.headroom.sim.controllers.Contenders;
import dev.headroom.sim.oracle.OracleController;
import dev.headroom.sim.run.SimulationRunner;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every valid policy simulates: KEDA's trigger comes from the scenario, else from what the policy
 * has, else KEDA is not run and the report says why.
 */
class KedaTriggerTest {
  @TempDir Path dir;

  private static final String AVERAGE_ONLY =
      """
      apiVersion: headroom.dev/v1alpha1
      kind: PerformancePolicy
      metadata:
        name: t
      spec:
        targetRef:
          name: t
        budgets:
          latency:
            - name: query-average
              statistic: Average
              target: 100ms
              metric:
                preset: PrometheusHistogram
                metric: query_duration_seconds
          memory:
            targetPeak: 1.5Gi
        scaling:
          maxReplicas: 5
      """;

  private static final String CPU_ONLY =
      """
      apiVersion: headroom.dev/v1alpha1
      kind: PerformancePolicy
      metadata:
        name: t
      spec:
        targetRef:
          name: t
        budgets:
          cpu:
            targetUtilizationPercent: 60
        scaling:
          maxReplicas: 8
      """;

  private Scenario load(String policy, String extra) {
    String inline =
        "policy:\n" + policy.lines().map(l -> "  " + l + "\n").reduce("", String::concat);
    return ScenarioFiles.load(
        dir, ScenarioFiles.SCENARIO.replace("policy: policy.yaml\n", inline) + extra);
  }

  @Test
  void anAverageLatencyBudgetGivesAnAverageLatencyTrigger() {
    Scenario scenario = load(AVERAGE_ONLY, "");

    assertThat(scenario.keda())
        .contains(new KedaSettings(KedaSettings.Metric.averageLatency, 0.1, Double.NaN));
  }

  @Test
  void aPolicyWithNothingToDeriveATriggerFromRunsWithoutKedaAndSaysSo() {
    Scenario scenario = load(CPU_ONLY, "");
    assertThat(scenario.keda()).isEmpty();

    ScenarioRun run =
        SimulationRunner.run(
            scenario,
            List.of(
                Contenders.headroom(),
                Contenders.hpa(),
                Contenders.keda(),
                OracleController.factory()));

    assertThat(run.runs())
        .extracting(r -> r.controller())
        .containsExactly("headroom", "hpa", "oracle");
    assertThat(run.description())
        .isEqualTo(
            "a test Not run: keda, whose trigger cannot be derived from this policy (no latency"
                + " budget and no throughput.requestsPerSecondPerReplica); set keda.metric and"
                + " keda.threshold in the scenario to compare it.");
  }

  @Test
  void theScenarioCanStillSetATrigger() {
    Scenario scenario = load(CPU_ONLY, "keda:\n  metric: requestRate\n  threshold: 20\n");

    assertThat(scenario.keda())
        .contains(new KedaSettings(KedaSettings.Metric.requestRate, 20, Double.NaN));
  }

  @Test
  void aTriggerWithoutAMetricThatCannotBeDerivedIsRefused() {
    assertThatThrownBy(() -> load(CPU_ONLY, "keda:\n  threshold: 20\n"))
        .hasMessageContaining("keda.metric: is required: the policy has no latency budget");
  }

  @Test
  void aQuantileOnlyAppliesToThePercentileTrigger() {
    assertThatThrownBy(
            () -> load(AVERAGE_ONLY, "keda:\n  metric: averageLatency\n  quantile: 0.9\n"))
        .hasMessageContaining("quantile: applies to metric latency only, not averageLatency");
  }
}
