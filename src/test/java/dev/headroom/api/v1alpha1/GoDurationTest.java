package dev.headroom.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

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

  @Property
  void millisecondsAndSecondsAgree(@ForAll @IntRange(min = 0, max = 1_000_000) int millis) {
    assertThat(GoDuration.parse(millis + "ms"))
        .isEqualTo(GoDuration.parse((millis / 1000) + "s" + (millis % 1000) + "ms"));
  }
}
