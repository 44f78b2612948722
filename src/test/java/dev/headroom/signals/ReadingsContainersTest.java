package dev.headroom.signals;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headroom.engine.ContainerUsage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The per-container reading, from what Prometheus answered for each of its queries. */
class ReadingsContainersTest {
  private static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");
  private static final Duration STALE_AFTER = Duration.ofSeconds(30);

  private static Slice perContainer(Map<String, Double> values) {
    return new Slice.Series(
        values.entrySet().stream()
            .map(e -> new SeriesSample(Map.of("container", e.getKey()), e.getValue(), NOW))
            .toList());
  }

  private static Slice scrapedAt(Instant at) {
    return new Slice.Series(List.of(new SeriesSample(Map.of(), at.getEpochSecond(), NOW)));
  }

  @Test
  void aContainerWithHistoryHasItAll() {
    Reading reading =
        Readings.containers(
            perContainer(Map.of("app", 0.4)),
            perContainer(Map.of("app", 300e6)),
            perContainer(Map.of("app", 0.2)),
            scrapedAt(NOW.minusSeconds(5)),
            NOW,
            STALE_AFTER);
    ContainerUsage app = ((Reading.Usage) reading).containers().get("app");
    assertThat(app.hasHistory()).isTrue();
    assertThat(app.cpuCoresHigh()).isEqualTo(0.4);
    assertThat(app.memoryPeakBytes()).isEqualTo(300_000_000L);
    assertThat(app.throttledRatio()).isEqualTo(0.2);
  }

  @Test
  void throttlingIsReadBeforeTheHistoryIsThere() {
    Reading reading =
        Readings.containers(
            perContainer(Map.of()),
            perContainer(Map.of()),
            perContainer(Map.of("app", 0.88)),
            scrapedAt(NOW.minusSeconds(5)),
            NOW,
            STALE_AFTER);
    ContainerUsage app = ((Reading.Usage) reading).containers().get("app");
    assertThat(app.hasHistory()).isFalse();
    assertThat(app.throttledRatio()).isEqualTo(0.88);
  }

  @Test
  void neitherHistoryNorThrottlingIsNoData() {
    Reading reading =
        Readings.containers(
            perContainer(Map.of()),
            perContainer(Map.of()),
            perContainer(Map.of()),
            scrapedAt(NOW.minusSeconds(5)),
            NOW,
            STALE_AFTER);
    assertThat(reading).isInstanceOf(Reading.Failed.class);
    assertThat(((Reading.Failed) reading).error()).isEqualTo(SignalError.NO_DATA);
  }
}
