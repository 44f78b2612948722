package dev.headroom.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headroom.api.v1alpha1.PerformancePolicyStatus;
import dev.headroom.api.v1alpha1.PolicyCondition;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class InPlaceOutcomeTest {
  private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

  @Test
  void aFallbackToARolloutIsAFalseConditionWithTheReason() {
    var status =
        PerformancePolicyReconciler.withInPlaceOutcome(
            PerformancePolicyStatus.empty(),
            List.of(
                new PolicyEvent(
                    PolicyEvent.Type.Warning,
                    "InPlaceUnsupported",
                    "InPlaceUnsupported: no pods/resize; rolling the pods out instead")),
            3L,
            NOW);
    PolicyCondition condition = Conditions.find(status.conditions(), "InPlaceResize");
    assertThat(condition.status()).isEqualTo("False");
    assertThat(condition.reason()).isEqualTo("InPlaceUnsupported");
    assertThat(condition.message()).contains("rolling the pods out instead");
    assertThat(condition.observedGeneration()).isEqualTo(3L);
  }

  @Test
  void aResizeInPlaceIsATrueConditionAndOtherActionsLeaveItAlone() {
    var resized =
        PerformancePolicyReconciler.withInPlaceOutcome(
            PerformancePolicyStatus.empty(),
            List.of(new PolicyEvent(PolicyEvent.Type.Normal, "ResizedInPlace", "resized 2 pods")),
            1L,
            NOW);
    assertThat(Conditions.has(resized.conditions(), "InPlaceResize", "True")).isTrue();
    var scaled =
        PerformancePolicyReconciler.withInPlaceOutcome(
            resized,
            List.of(new PolicyEvent(PolicyEvent.Type.Normal, "ScaleUp", "2 -> 3")),
            1L,
            NOW.plusSeconds(30));
    assertThat(scaled).isEqualTo(resized);
  }

  @Test
  void resourcesTheKindCannotTakeOrThatWaitForPodDeletionsAreAFalseResourcesApplied() {
    var refused =
        PerformancePolicyReconciler.withResourcesOutcome(
            PerformancePolicyStatus.empty(),
            new TargetActuator.Acted(
                List.of(
                    new PolicyEvent(
                        PolicyEvent.Type.Warning, "ResourcesNotApplied", "no pod template")),
                List.of(new ActionResult(ActionResult.SCALE, ActionResult.APPLIED))),
            Optional.empty(),
            2L,
            NOW);
    assertThat(Conditions.find(refused.conditions(), "ResourcesApplied"))
        .extracting(PolicyCondition::status, PolicyCondition::reason, PolicyCondition::message)
        .containsExactly("False", "ResourcesNotApplied", "no pod template");

    var rolledOut =
        new TargetActuator.Acted(
            List.of(),
            List.of(new ActionResult(ActionResult.RESIZE_ROLLOUT, ActionResult.APPLIED)));
    var waiting =
        PerformancePolicyReconciler.withResourcesOutcome(
            refused, rolledOut, Optional.of("db updates its pods OnDelete"), 2L, NOW);
    assertThat(Conditions.find(waiting.conditions(), "ResourcesApplied"))
        .extracting(PolicyCondition::status, PolicyCondition::reason)
        .containsExactly("False", "WaitingForPodDeletion");
    var applied =
        PerformancePolicyReconciler.withResourcesOutcome(
            waiting, rolledOut, Optional.empty(), 2L, NOW);
    assertThat(Conditions.find(applied.conditions(), "ResourcesApplied"))
        .extracting(PolicyCondition::status, PolicyCondition::reason)
        .containsExactly("True", "RolledOut");
    var scaledOnly =
        PerformancePolicyReconciler.withResourcesOutcome(
            applied,
            new TargetActuator.Acted(
                List.of(), List.of(new ActionResult(ActionResult.SCALE, ActionResult.APPLIED))),
            Optional.empty(),
            2L,
            NOW);
    assertThat(scaledOnly).isEqualTo(applied);
  }
}
