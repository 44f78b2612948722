package dev.headroom.actuation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.headroom.engine.Quantities;
import org.junit.jupiter.api.Test;

class CanonicalQuantityTest {
  @Test
  void cpuIsMillicoresOrWholeCores() {
    assertThat(CanonicalQuantity.cpu(250)).isEqualTo("250m");
    assertThat(CanonicalQuantity.cpu(1500)).isEqualTo("1500m");
    assertThat(CanonicalQuantity.cpu(2000)).isEqualTo("2");
    assertThat(CanonicalQuantity.cpu(1)).isEqualTo("1m");
  }

  @Test
  void memoryIsGiOrMiWhenExactElsePlainBytes() {
    assertThat(CanonicalQuantity.memory(2L << 30)).isEqualTo("2Gi");
    assertThat(CanonicalQuantity.memory(1536L << 20)).isEqualTo("1536Mi");
    assertThat(CanonicalQuantity.memory(64L << 20)).isEqualTo("64Mi");
    assertThat(CanonicalQuantity.memory(1536)).isEqualTo("1536");
    assertThat(CanonicalQuantity.memory(100_000_001)).isEqualTo("100000001");
  }

  @Test
  void everyFormatReadsBackAsTheSameValue() {
    for (long millis : new long[] {1, 7, 250, 999, 1000, 1001, 64000}) {
      assertThat(Quantities.cpuMillis(CanonicalQuantity.cpu(millis))).isEqualTo(millis);
    }
    for (long bytes : new long[] {1, 1023, 1 << 20, (1 << 20) + 1, 3L << 30, 5L << 40}) {
      assertThat(Quantities.bytes(CanonicalQuantity.memory(bytes))).isEqualTo(bytes);
    }
  }

  @Test
  void zeroOrNegativeIsRefused() {
    assertThatThrownBy(() -> CanonicalQuantity.cpu(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CanonicalQuantity.memory(-1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
