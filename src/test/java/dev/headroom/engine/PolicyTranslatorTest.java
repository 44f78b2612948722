package dev.headroom.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.headroom.api.v1alpha1.PerformancePolicy;
import dev.headroom.engine.behavior.Behavior;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PolicyTranslatorTest {
  private static EnginePolicy translate(String example) throws Exception {
    var policy =
        new KubernetesSerialization()
            .unmarshal(Files.readString(Path.of("examples", example)), PerformancePolicy.class);
    return PolicyTranslator.translate(policy.getSpec());
  }

  private static Budget budget(EnginePolicy policy, String name) {
    return policy.budgets().stream().filter(b -> b.name().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void theCodeGenerationApiBudgetsComeOutInExplicitUnits() throws Exception {
    var policy = translate("code-generation-api.yaml");
    assertThat(policy.budgets())
        .extracting(Budget::name)
        .containsExactly(
            "latency/p50",
            "latency/p95",
            "latency/p99",
            "errorRate",
            "throughput/min",
            "cpu/utilization",
            "memory/peak");
    var p99 = budget(policy, "latency/p99");
    assertThat(p99.quantile()).isEqualTo(0.99);
    assertThat(p99.target()).isCloseTo(0.5, within(1e-12));
    assertThat(p99.critical()).isCloseTo(1.0, within(1e-12));
    assertThat(budget(policy, "errorRate").target()).isCloseTo(0.001, within(1e-12));
    assertThat(budget(policy, "throughput/min").critical()).isEqualTo(500);
    assertThat(budget(policy, "throughput/min").higherIsWorse()).isFalse();
    assertThat(budget(policy, "memory/peak").critical()).isEqualTo(4.0 * (1L << 30));
    assertThat(policy.behavior()).isEqualTo(Behavior.hpaDefaults());
  }

  @Test
  void theRecipeApiScalesAtItsOwnSetPointsWithCooldowns() throws Exception {
    var policy = translate("recipe-api.yaml");
    assertThat(budget(policy, "cpu/utilization").target()).isEqualTo(0.5);
    assertThat(budget(policy, "cpu/utilization").aim(0.1)).isEqualTo(0.7);
    assertThat(budget(policy, "latency/average").kind()).isEqualTo(BudgetKind.LATENCY_AVERAGE);
    assertThat(budget(policy, "latency/average").aim(0.1)).isEqualTo(15.0);
    assertThat(budget(policy, "memory/utilization").aim(0.1)).isEqualTo(0.8);
    assertThat(policy.behavior().scaleUp().cooldown()).isEqualTo(Duration.ofSeconds(300));
    assertThat(policy.behavior().scaleDown().cooldown()).isEqualTo(Duration.ofSeconds(600));
    assertThat(policy.behavior().scaleDown().stabilizationWindow())
        .as("unset fields keep the HPA's defaults")
        .isEqualTo(Duration.ofSeconds(300));
    assertThat(policy.minReplicas()).isEqualTo(2);
    assertThat(policy.maxReplicas()).isEqualTo(10);
  }

  @Test
  void resourceBoundsAndFallbackAreRead() throws Exception {
    var guard = translate("pipeline-guard-api.yaml");
    assertThat(guard.resources().mode()).isEqualTo(ResourceMode.REQUESTS_AND_LIMITS);
    assertThat(guard.resources().boundsFor("api"))
        .isEqualTo(new ResourceBounds(250, 1000, 512L << 20, 2L << 30));
    var search = translate("search-custom-query.yaml");
    assertThat(search.fallbackReplicas()).isEqualTo(6);
    assertThat(search.resources().minRolloutInterval()).isEqualTo(Duration.ofMinutes(30));
    assertThat(budget(search, "throughput/perReplica").target()).isEqualTo(250);
  }

  @Test
  void quantitiesParseLikeKubernetes() {
    assertThat(Quantities.cpuMillis("250m")).isEqualTo(250);
    assertThat(Quantities.cpuMillis("2")).isEqualTo(2000);
    assertThat(Quantities.cpuMillis("1.5")).isEqualTo(1500);
    assertThat(Quantities.bytes("1.5Gi")).isEqualTo(1536L << 20);
    assertThat(Quantities.bytes("1e3")).isEqualTo(1000);
    assertThat(Quantities.bytes("2k")).isEqualTo(2000);
  }
}
