package dev.headroom.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SecretValuesTest {
  private final SteppingClock clock = new SteppingClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final SecretValues secrets = new SecretValues(clock);
  private final AtomicInteger reads = new AtomicInteger();

  private String token() {
    return secrets.value("shop", "prom", "token", () -> "t" + reads.incrementAndGet());
  }

  @Test
  void aSecretIsReadOncePerTtlAndAgainAfterItOrWhenForgotten() {
    assertThat(token()).isEqualTo("t1");
    clock.advance(SecretValues.TTL.minusSeconds(1));
    assertThat(token()).as("held").isEqualTo("t1");
    clock.advance(Duration.ofSeconds(1));
    assertThat(token()).as("read again after the TTL").isEqualTo("t2");
    secrets.forget("shop", "prom");
    assertThat(token()).as("read again once forgotten").isEqualTo("t3");
    assertThat(secrets.value("other", "prom", "token", () -> "x")).isEqualTo("x");
  }

  @Test
  void aFailedReadKeepsNothing() {
    assertThatThrownBy(
            () ->
                secrets.value(
                    "shop",
                    "prom",
                    "token",
                    () -> {
                      throw new IllegalStateException("Secret shop/prom not found");
                    }))
        .hasMessageContaining("not found");
    assertThat(token()).isEqualTo("t1");
  }
}
