package dev.headroom.actuation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headroom.api.v1alpha1.ResourcePolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RolloutRateLimitTest {
  private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");

  @Test
  void theFirstRolloutIsAllowed() {
    var permit = new RolloutRateLimit(Duration.ofMinutes(15)).check(Optional.empty(), NOW);
    assertThat(permit.allowed()).isTrue();
    assertThat(permit.notBefore()).isEmpty();
  }

  @Test
  void aRolloutWithinTheIntervalIsRefusedUntilItsEnd() {
    var limit = new RolloutRateLimit(Duration.ofMinutes(15));
    Instant last = NOW.minus(Duration.ofMinutes(10));
    var permit = limit.check(Optional.of(last), NOW);
    assertThat(permit.allowed()).isFalse();
    assertThat(permit.notBefore()).contains(NOW.plus(Duration.ofMinutes(5)));
    assertThat(permit.reason()).contains("minRolloutInterval 15m").contains("2026-01-01T12:05:00Z");

    assertThat(limit.check(Optional.of(last), NOW.plus(Duration.ofMinutes(5))).allowed())
        .as("exactly at the end of the interval")
        .isTrue();
    assertThat(
            limit
                .check(Optional.of(last), NOW.plus(Duration.ofMinutes(5)).minusMillis(1))
                .allowed())
        .isFalse();
  }

  @Test
  void theIntervalComesFromThePolicyWithTheSchemaDefault() {
    var policy = new ResourcePolicy(null, null, null, "1h30m", null);
    assertThat(RolloutRateLimit.of(policy).minInterval()).isEqualTo(Duration.ofMinutes(90));
    assertThat(RolloutRateLimit.of(null).minInterval()).isEqualTo(Duration.ofMinutes(15));
    assertThat(RolloutRateLimit.of(new ResourcePolicy(null, null, null, null, null)).minInterval())
        .isEqualTo(Duration.ofMinutes(15));
    assertThat(RolloutRateLimit.go(Duration.ofMinutes(90))).isEqualTo("1h30m");
  }
}
