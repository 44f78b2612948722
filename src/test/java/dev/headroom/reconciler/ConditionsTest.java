package dev.headroom.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headroom.api.v1alpha1.PolicyCondition;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConditionsTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Instant T1 = Instant.parse("2026-01-01T00:05:00Z");

  @Test
  void addsAConditionWithTheCurrentTimeAsItsTransition() {
    var conditions = Conditions.set(List.of(), "Ready", "True", "R", "m", 3, T0);
    assertThat(conditions)
        .containsExactly(new PolicyCondition("Ready", "True", 3L, T0.toString(), "R", "m"));
  }

  @Test
  void keepsTheTransitionTimeWhileTheStatusHolds() {
    var first = Conditions.set(List.of(), "Ready", "True", "R", "m", 3, T0);
    var second = Conditions.set(first, "Ready", "True", "R2", "other", 4, T1);
    assertThat(second).hasSize(1);
    assertThat(second.get(0).lastTransitionTime()).isEqualTo(T0.toString());
    assertThat(second.get(0).reason()).isEqualTo("R2");
    assertThat(second.get(0).observedGeneration()).isEqualTo(4L);
  }

  @Test
  void movesTheTransitionTimeWhenTheStatusChanges() {
    var first = Conditions.set(List.of(), "Ready", "True", "R", "m", 3, T0);
    var second = Conditions.set(first, "Ready", "False", "R", "m", 3, T1);
    assertThat(second.get(0).lastTransitionTime()).isEqualTo(T1.toString());
  }

  @Test
  void replacesOnlyTheConditionOfItsTypeAndKeepsTheOrder() {
    var conditions = Conditions.set(List.of(), "A", "True", "r", "m", 1, T0);
    conditions = Conditions.set(conditions, "B", "True", "r", "m", 1, T0);
    conditions = Conditions.set(conditions, "A", "False", "r", "m", 1, T1);
    assertThat(conditions).extracting(PolicyCondition::type).containsExactly("A", "B");
    assertThat(Conditions.has(conditions, "A", "False")).isTrue();
    assertThat(Conditions.has(conditions, "B", "True")).isTrue();
    assertThat(Conditions.find(conditions, "C")).isNull();
  }
}
