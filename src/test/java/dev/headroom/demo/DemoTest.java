package dev.headroom.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.headroom.api.v1alpha1.DecisionStatus;
import dev.headroom.api.v1alpha1.PerformancePolicy;
import dev.headroom.api.v1alpha1.PerformancePolicyStatus;
import dev.headroom.api.v1alpha1.PolicyCondition;
import dev.headroom.api.v1alpha1.Severity;
import dev.headroom.api.v1alpha1.Violation;
import dev.headroom.testing.crd.CrdSchemaValidator;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DemoTest {
  @Test
  void theDemoPolicyIsAValidExampleForTheDemoTarget() throws Exception {
    CrdSchemaValidator crd = CrdSchemaValidator.load(Demo.CRD, "v1alpha1");
    assertThat(crd.validate(CrdSchemaValidator.readYaml(Demo.POLICY)).messages()).isEmpty();

    PerformancePolicy policy =
        new KubernetesSerialization()
            .unmarshal(Files.readString(Demo.POLICY), PerformancePolicy.class);
    assertThat(policy.getMetadata().getName()).isEqualTo(Demo.POLICY_NAME);
    assertThat(policy.getMetadata().getNamespace()).isEqualTo(Demo.NAMESPACE);
    assertThat(policy.getSpec().targetRef().name()).isEqualTo(Demo.TARGET);
    assertThat(policy.getSpec().scaling().minReplicas()).isEqualTo(Demo.BASE_REPLICAS);
    assertThat(Demo.describe(policy))
        .isEqualTo(
            "PerformancePolicy web on Deployment web: Enforce, every 5s, 2..10 replicas,"
                + " scale-down window 45 s");
  }

  @Test
  void durationIsParsedInSecondsAndBadArgumentsAreRefused() {
    assertThat(Demo.Options.parse().duration()).isEmpty();
    assertThat(Demo.Options.parse("--duration", "300").duration())
        .contains(Duration.ofSeconds(300));
    assertThat(Demo.Options.parse("--duration=5").duration()).contains(Duration.ofSeconds(5));
    assertThat(Demo.Options.parse().baseline()).isEqualTo(Demo.BASELINE_HOLD);
    Demo.Options both = Demo.Options.parse("--baseline", "330", "--duration=660");
    assertThat(both.baseline()).isEqualTo(Duration.ofSeconds(330));
    assertThat(both.duration()).contains(Duration.ofSeconds(660));
    assertThat(Demo.Options.parse("--help").help()).isTrue();
    assertThat(Demo.Options.parse().fakePods()).as("real pods by default").isFalse();
    assertThat(Demo.Options.parse("--fake-pods", "--duration", "9").fakePods()).isTrue();
    assertThatThrownBy(() -> Demo.Options.parse("--duration"))
        .hasMessageContaining("needs a number");
    assertThatThrownBy(() -> Demo.Options.parse("--duration", "5m"))
        .hasMessageContaining("whole seconds");
    assertThatThrownBy(() -> Demo.Options.parse("--duration", "0")).hasMessageContaining("> 0");
    assertThatThrownBy(() -> Demo.Options.parse("--baseline=-1")).hasMessageContaining("> 0");
    assertThatThrownBy(() -> Demo.Options.parse("--fast")).hasMessageContaining("unknown");
  }

  @Test
  void aStateLinePrintsOnAChangeOfStoryAndNumbersOnlyNowAndThen() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Progress progress =
        new Progress(new PrintStream(bytes, true, StandardCharsets.UTF_8), System.nanoTime());
    Deployment two = deployment(2, 2);

    assertThat(progress.show(Progress.Snapshot.of(40, two, Optional.empty()))).isTrue();
    assertThat(progress.show(Progress.Snapshot.of(40, two, Optional.empty()))).isFalse();
    assertThat(progress.show(Progress.Snapshot.of(40, two, policy("p95 98ms/200ms", List.of()))))
        .isTrue();
    // Only the measured number moved, within 15 s of the last line: not printed.
    assertThat(progress.show(Progress.Snapshot.of(40, two, policy("p95 99ms/200ms", List.of()))))
        .isFalse();
    Violation slow = new Violation("latency/p95", "850ms", "200ms", Severity.Warning, "now");
    assertThat(
            progress.show(Progress.Snapshot.of(150, two, policy("p95 850ms/200ms", List.of(slow)))))
        .isTrue();

    String printed = bytes.toString(StandardCharsets.UTF_8);
    assertThat(printed.lines()).hasSize(3);
    assertThat(printed)
        .contains(
            "load  40 req/s | web 2/2 ready | no status yet | violations: none |"
                + " MetricsAvailable=- BudgetsMet=- | decided -")
        .contains(
            "load 150 req/s | web 2/2 ready | p95 850ms/200ms | violations: latency/p95"
                + " 850ms>200ms Warning | MetricsAvailable=True BudgetsMet=False | decided 2"
                + " (p95 is fine)");
  }

  @Test
  void longTextIsShortenedToOneLine() {
    assertThat(Progress.shorten("a\n  b")).isEqualTo("a b");
    assertThat(Progress.shorten("x".repeat(100), 10)).isEqualTo("xxxxxxx...");
  }

  private static Deployment deployment(int replicas, int ready) {
    return new DeploymentBuilder()
        .withNewSpec()
        .withReplicas(replicas)
        .endSpec()
        .withNewStatus()
        .withReadyReplicas(ready)
        .endStatus()
        .build();
  }

  private static Optional<PerformancePolicy> policy(String keyBudget, List<Violation> violations) {
    PerformancePolicy policy = new PerformancePolicy();
    String met = violations.isEmpty() ? "True" : "False";
    policy.setStatus(
        new PerformancePolicyStatus(
            1L,
            List.of(
                new PolicyCondition("MetricsAvailable", "True", 1L, "now", "Read", ""),
                new PolicyCondition("BudgetsMet", met, 1L, "now", "Evaluated", "")),
            "now",
            2,
            keyBudget,
            null,
            violations,
            new DecisionStatus("now", 2, null, "p95 is fine", true),
            null,
            null));
    return Optional.of(policy);
  }
}
