package dev.headroom.testing.random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GenTest {
  @Test
  void theSameSeedGivesTheSameDraws() {
    Gen a = new Gen(42);
    Gen b = new Gen(42);
    for (int i = 0; i < 100; i++) {
      assertThat(a.ints(-5, 5)).isEqualTo(b.ints(-5, 5));
      assertThat(a.doubles(0, 1)).isEqualTo(b.doubles(0, 1));
      assertThat(a.anyString(10)).isEqualTo(b.anyString(10));
    }
  }

  @Test
  void drawsStayInTheirRangeAndReachItsEdges() {
    Gen gen = new Gen(7);
    Set<Integer> ints = new HashSet<>();
    Set<Integer> sizes = new HashSet<>();
    boolean minDouble = false;
    boolean maxDouble = false;
    for (int i = 0; i < 2000; i++) {
      int value = gen.ints(-1000, 1000);
      assertThat(value).isBetween(-1000, 1000);
      ints.add(value);
      double d = gen.doubles(0.5, 2);
      assertThat(d).isBetween(0.5, 2.0);
      minDouble |= d == 0.5;
      maxDouble |= d == 2;
      List<Integer> list = gen.list(1, 80, g -> g.ints(0, 3));
      assertThat(list).hasSizeBetween(1, 80).allMatch(e -> e >= 0 && e <= 3);
      sizes.add(list.size());
      assertThat(gen.longs(Long.MAX_VALUE - 1, Long.MAX_VALUE)).isGreaterThan(Long.MAX_VALUE - 2);
    }
    assertThat(ints).contains(-1000, -1, 0, 1, 1000);
    assertThat(sizes).contains(1, 80);
    assertThat(minDouble && maxDouble).isTrue();
    assertThatThrownBy(() -> gen.ints(2, 1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aFailureNamesTheSeedAndTheInputs() {
    assertThatThrownBy(
            () -> Seeds.check(1234, () -> "x=7", () -> assertThat(7).as("x").isLessThan(5)))
        .isInstanceOf(AssertionError.class)
        .hasMessageStartingWith("seed 1234 (rerun it alone with -Dheadroom.case=1234), inputs: x=7")
        .hasMessageContaining("[x]");
    assertThatThrownBy(
            () ->
                Seeds.check(
                    5,
                    () -> "none",
                    () -> {
                      throw new IllegalStateException("boom");
                    }))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("seed 5")
        .hasMessageContaining("threw java.lang.IllegalStateException: boom")
        .hasCauseInstanceOf(IllegalStateException.class);
  }

  @Test
  void theSeedsOfARunAreFixedAndDistinct() {
    assumeTrue(System.getProperty(Seeds.CASE_PROPERTY) == null, "one case replayed");
    List<Long> seeds = Seeds.of(500).toList();
    assertThat(seeds).hasSize(500).doesNotHaveDuplicates().isEqualTo(Seeds.of(500).toList());
    assertThat(Seeds.of(3).toList()).isEqualTo(seeds.subList(0, 3));
  }
}
