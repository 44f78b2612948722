package dev.headroom.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headroom.api.v1alpha1.PerformancePolicyStatus;
import dev.headroom.api.v1alpha1.PolicyCondition;
import java.time.Instant;
import java.util.List;
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
}
