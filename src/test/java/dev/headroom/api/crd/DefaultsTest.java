package dev.headroom.api.crd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headroom.api.v1alpha1.Mode;
import dev.headroom.api.v1alpha1.PerformancePolicy;
import dev.headroom.api.v1alpha1.PerformancePolicySpec;
import dev.headroom.testing.crd.CrdSchemaValidator;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The apiserver fills the schema's defaults in; the model applies the same ones for objects that
 * never went through it. Both must agree.
 */
class DefaultsTest {
  private static final String MINIMAL =
      """
      apiVersion: headroom.dev/v1alpha1
      kind: PerformancePolicy
      metadata: {name: minimal, namespace: shop}
      spec:
        targetRef: {name: checkout}
        budgets:
          latency:
            - name: p95
              percentile: 0.95
              target: 200ms
              metric: {preset: Micrometer}
          errorRate: {targetPercent: 1}
          memory: {targetPeak: 1Gi}
        scaling: {maxReplicas: 5, onMissingMetrics: {}}
        resources: {}
      """;

  private final CrdSchemaValidator crd = CrdSchemaValidator.load(Crds.COMMITTED, "v1alpha1");
  private final KubernetesSerialization serialization = new KubernetesSerialization();

  @Test
  void theCrdFillsTheDocumentedDefaults() {
    var result = crd.validateYaml(MINIMAL);
    assertThat(result.messages()).isEmpty();
    Map<String, Object> spec = child(result.defaulted(), "spec");

    assertThat(spec).containsEntry("mode", "Enforce").containsEntry("evaluationInterval", "30s");
    assertThat(child(spec, "targetRef"))
        .containsEntry("apiVersion", "apps/v1")
        .containsEntry("kind", "Deployment");
    Map<String, Object> budgets = child(spec, "budgets");
    @SuppressWarnings("unchecked")
    Map<String, Object> p95 = ((java.util.List<Map<String, Object>>) budgets.get("latency")).get(0);
    assertThat(p95).containsEntry("statistic", "Percentile").containsEntry("window", "5m");
    assertThat(child(budgets, "errorRate"))
        .containsEntry("window", "5m")
        .containsEntry("errorStatuses", "5..");
    assertThat(child(budgets, "memory")).containsEntry("window", "1h");
    assertThat(child(spec, "scaling")).containsEntry("minReplicas", 1L);
    assertThat(child(child(spec, "scaling"), "onMissingMetrics")).containsEntry("action", "Hold");
    assertThat(child(spec, "resources"))
        .containsEntry("mode", "Off")
        .containsEntry("updateMethod", "Rollout")
        .containsEntry("minChangePercent", 10L)
        .containsEntry("minRolloutInterval", "15m");
  }

  @Test
  @SuppressWarnings("unchecked")
  void theModelAppliesTheSameDefaultsWhenTheApiserverDidNot() {
    PerformancePolicy policy = serialization.unmarshal(MINIMAL, PerformancePolicy.class);
    var spec = policy.getSpec();
    assertThat(spec.mode()).as("not defaulted by the model itself").isNull();
    assertThat(spec.effectiveMode()).isEqualTo(Mode.Enforce);
    assertThat(spec.effectiveEvaluationInterval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(spec.scaling().effectiveMinReplicas()).isEqualTo(1);

    Map<String, Object> defaultedSpec = child(crd.validateYaml(MINIMAL).defaulted(), "spec");
    assertThat(defaultedSpec.get("mode")).isEqualTo(spec.effectiveMode().name());
    assertThat(defaultedSpec.get("evaluationInterval"))
        .isEqualTo(PerformancePolicySpec.DEFAULT_EVALUATION_INTERVAL);
    Map<String, Object> latency =
        ((java.util.List<Map<String, Object>>) child(defaultedSpec, "budgets").get("latency"))
            .get(0);
    assertThat(latency.get("window"))
        .isEqualTo(spec.budgets().latency().get(0).effectiveWindow())
        .isEqualTo(dev.headroom.api.v1alpha1.LatencyBudget.DEFAULT_WINDOW);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> child(Map<String, Object> parent, String key) {
    return (Map<String, Object>) parent.get(key);
  }
}
