package dev.headroom.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headroom.actuation.WorkloadLookup;
import dev.headroom.api.v1alpha1.Budgets;
import dev.headroom.api.v1alpha1.ErrorRateBudget;
import dev.headroom.api.v1alpha1.Mode;
import dev.headroom.api.v1alpha1.PerformancePolicy;
import dev.headroom.api.v1alpha1.PerformancePolicySpec;
import dev.headroom.api.v1alpha1.PolicyCondition;
import dev.headroom.api.v1alpha1.Scaling;
import dev.headroom.api.v1alpha1.TargetRef;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PolicyEvaluationTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Instant T1 = Instant.parse("2026-01-01T00:00:30Z");
  private static final TargetSnapshot CHECKOUT =
      new TargetSnapshot("Deployment", "shop", "checkout", 3, 3);

  @Test
  void aFoundTargetMakesThePolicyReadyAndSaysMetricsAreNotReadYet() {
    var outcome = PolicyEvaluation.evaluate(policy(Mode.Enforce, 7), Optional.of(CHECKOUT), T0);

    assertThat(outcome.events()).isEmpty();
    var status = outcome.status();
    assertThat(status.observedGeneration()).isEqualTo(7L);
    assertThat(status.replicas()).isEqualTo(3);
    assertThat(condition(status.conditions(), "TargetFound"))
        .extracting(PolicyCondition::status, PolicyCondition::reason)
        .containsExactly("True", "TargetFound");
    assertThat(condition(status.conditions(), "Ready").status()).isEqualTo("True");
    assertThat(condition(status.conditions(), "MetricsAvailable"))
        .extracting(PolicyCondition::status, PolicyCondition::reason)
        .containsExactly("Unknown", "MetricsNotRead");
    assertThat(condition(status.conditions(), "BudgetsMet").status()).isEqualTo("Unknown");
  }

  @Test
  void aMissingTargetIsAFalseConditionAndOneWarningEvent() {
    var policy = policy(Mode.Enforce, 1);
    var first = PolicyEvaluation.evaluate(policy, Optional.empty(), T0);

    assertThat(first.events())
        .containsExactly(
            new PolicyEvent(
                PolicyEvent.Type.Warning,
                "TargetNotFound",
                "Deployment shop/checkout not found; nothing is changed until it exists"));
    assertThat(condition(first.status().conditions(), "TargetFound").status()).isEqualTo("False");
    assertThat(condition(first.status().conditions(), "Ready"))
        .extracting(PolicyCondition::status, PolicyCondition::reason)
        .containsExactly("False", "TargetNotFound");
    assertThat(first.status().replicas()).isNull();

    policy.setStatus(first.status());
    var second = PolicyEvaluation.evaluate(policy, Optional.empty(), T1);
    assertThat(second.events()).as("the same missing target is not announced twice").isEmpty();
    assertThat(second.status())
        .as("nothing changed, so nothing to write")
        .isEqualTo(first.status());
  }

  @Test
  void aTargetOfAKindTheClusterCannotScaleSaysWhyAndAnnouncesEachNewReasonOnce() {
    var policy = policy(Mode.Enforce, 1);
    var notServed =
        new WorkloadLookup.Absent(
            "KindNotServed",
            "argoproj.io/v1alpha1 Rollout is not served by this cluster; nothing is changed");
    var first =
        PolicyEvaluation.evaluate(
            policy,
            Optional.empty(),
            Optional.of(notServed),
            Optional.empty(),
            Optional.empty(),
            T0);
    assertThat(first.events())
        .containsExactly(
            new PolicyEvent(PolicyEvent.Type.Warning, "KindNotServed", notServed.message()));
    assertThat(condition(first.status().conditions(), "TargetFound"))
        .extracting(PolicyCondition::status, PolicyCondition::reason, PolicyCondition::message)
        .containsExactly("False", "KindNotServed", notServed.message());
    assertThat(condition(first.status().conditions(), "Ready"))
        .extracting(PolicyCondition::status, PolicyCondition::reason)
        .containsExactly("False", "KindNotServed");

    policy.setStatus(first.status());
    var again =
        PolicyEvaluation.evaluate(
            policy,
            Optional.empty(),
            Optional.of(notServed),
            Optional.empty(),
            Optional.empty(),
            T1);
    assertThat(again.events()).isEmpty();
    // The CRD installed, the object not yet created: a new reason, announced.
    var missing = PolicyEvaluation.evaluate(policy, Optional.empty(), T1);
    assertThat(missing.events()).extracting(PolicyEvent::reason).containsExactly("TargetNotFound");
  }

  @Test
  void aTargetThatAppearsFlipsTheConditionsAndMovesTheirTransitionTime() {
    var policy = policy(Mode.Enforce, 1);
    policy.setStatus(PolicyEvaluation.evaluate(policy, Optional.empty(), T0).status());

    var found = PolicyEvaluation.evaluate(policy, Optional.of(CHECKOUT), T1).status();
    assertThat(condition(found.conditions(), "TargetFound").lastTransitionTime())
        .isEqualTo(T1.toString());
    assertThat(condition(found.conditions(), "MetricsAvailable").lastTransitionTime())
        .as("unchanged conditions keep their time")
        .isEqualTo(T0.toString());
  }

  @Test
  void modeOffIsReadyWithReasonOff() {
    var outcome = PolicyEvaluation.evaluate(policy(Mode.Off, 1), Optional.of(CHECKOUT), T0);
    assertThat(condition(outcome.status().conditions(), "Ready"))
        .extracting(PolicyCondition::status, PolicyCondition::reason)
        .containsExactly("True", "Off");
  }

  @Test
  void aPolicyStoredWithoutASpecIsReportedNotFollowed() {
    var policy = policy(Mode.Enforce, 1);
    policy.setSpec(null);

    var first = PolicyEvaluation.evaluate(policy, Optional.empty(), T0);
    assertThat(condition(first.status().conditions(), "Ready"))
        .extracting(PolicyCondition::status, PolicyCondition::reason)
        .containsExactly("False", "InvalidSpec");
    assertThat(first.events()).extracting(PolicyEvent::reason).containsExactly("InvalidSpec");

    policy.setStatus(first.status());
    assertThat(PolicyEvaluation.evaluate(policy, Optional.empty(), T1).events()).isEmpty();
  }

  static PerformancePolicy policy(Mode mode, long generation) {
    var policy = new PerformancePolicy();
    policy.setMetadata(
        new ObjectMetaBuilder()
            .withName("checkout")
            .withNamespace("shop")
            .withGeneration(generation)
            .build());
    policy.setSpec(
        new PerformancePolicySpec(
            new TargetRef(null, null, "checkout"),
            mode,
            null,
            new Budgets(
                null, new ErrorRateBudget(1.0, null, null, null, null, null), null, null, null),
            new Scaling(null, 5, null, null, null),
            null,
            null,
            null));
    return policy;
  }

  private static PolicyCondition condition(
      java.util.List<PolicyCondition> conditions, String type) {
    return Conditions.find(conditions, type);
  }
}
