package dev.headroom.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.headroom.testing.random.Gen;
import dev.headroom.testing.random.Seeds;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class GoDurationTest {
  @Test
  void parsesEveryUnitAndCompositeAndFractionalForms() {
    assertThat(GoDuration.parse("30s")).isEqualTo(Duration.ofSeconds(30));
    assertThat(GoDuration.parse("250ms")).isEqualTo(Duration.ofMillis(250));
    assertThat(GoDuration.parse("1m30s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(GoDuration.parse("1.5h")).isEqualTo(Duration.ofMinutes(90));
    assertThat(GoDuration.parse("2us")).isEqualTo(Duration.ofNanos(2_000));
    assertThat(GoDuration.parse("7ns")).isEqualTo(Duration.ofNanos(7));
  }

  @Test
  void rejectsWhatTheSchemaRejects() {
    for (String bad : new String[] {"30", "s", "1d", "-5s", "1.s", " 5s", ""}) {
      assertThatThrownBy(() -> GoDuration.parse(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("not a duration");
    }
  }

  static Stream<Long> seeds() {
    return Seeds.of(1000);
  }

  @ParameterizedTest(name = Seeds.NAME)
  @MethodSource("seeds")
  void millisecondsAndSecondsAgree(long seed) {
    int millis = new Gen(seed).ints(0, 1_000_000);
    Seeds.check(
        seed,
        () -> "millis=" + millis,
        () ->
            assertThat(GoDuration.parse(millis + "ms"))
                .isEqualTo(GoDuration.parse((millis / 1000) + "s" + (millis % 1000) + "ms")));
  }
}
