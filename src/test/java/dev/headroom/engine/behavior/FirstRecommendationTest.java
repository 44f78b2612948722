package dev.headroom.engine.behavior;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The first decision seeds the current count as a recommendation (the HPA's
 * recordInitialRecommendation) and then records its own: once when they are the same.
 */
class FirstRecommendationTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void aFirstDecisionThatKeepsTheCountRecordsItOnce() {
    Normalized first =
        BehaviorNormalizer.normalize(
            Behavior.hpaDefaults(), BehaviorState.empty(), 5, 5, 1, 10, NOW);
    assertThat(first.next().recommendations()).containsExactly(new Recommendation(NOW, 5));
  }

  @Test
  void aFirstDecisionToShrinkKeepsTheSeededCountForTheWindow() {
    Normalized first =
        BehaviorNormalizer.normalize(
            Behavior.hpaDefaults(), BehaviorState.empty(), 5, 3, 1, 10, NOW);
    assertThat(first.replicas()).as("held by the scale-down window").isEqualTo(5);
    assertThat(first.next().recommendations())
        .containsExactly(new Recommendation(NOW, 5), new Recommendation(NOW, 3));
  }
}
