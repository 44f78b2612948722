package dev.headroom.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.headroom.testing.random.Gen;
import dev.headroom.testing.random.Seeds;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ShardTest {
  private static final String NAME_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789-.";

  static Stream<Long> seeds() {
    return Seeds.of(500);
  }

  @ParameterizedTest(name = Seeds.NAME)
  @MethodSource("seeds")
  void everyPolicyHasExactlyOneOwningShard(long seed) {
    Gen gen = new Gen(seed);
    int count = gen.ints(1, 64);
    String namespace = gen.string(63, NAME_CHARS);
    String name = gen.string(253, NAME_CHARS);
    Seeds.check(
        seed,
        () -> "count=" + count + " namespace=" + namespace + " name=" + name,
        () ->
            assertThat(
                    IntStream.range(0, count)
                        .filter(i -> new Shard(i, count).owns(namespace, name))
                        .boxed()
                        .toList())
                .containsExactly(Shard.of(namespace, name, count)));
  }

  @Test
  void theHashIsFixedAcrossReleases() {
    // Two processes of different releases during a rolling update must agree on every owner: a
    // change of these figures is a change of which shard owns which policy.
    assertThat(Shard.of("shop", "checkout", 3)).isEqualTo(2);
    assertThat(
            IntStream.range(0, 6).map(i -> Shard.of("team-" + i, "web", 1 << 20)).boxed().toList())
        .containsExactly(PINNED);
  }

  private static final Integer[] PINNED = {527284, 511987, 781122, 303225, 665752, 231927};

  @Test
  void similarNamesSpreadEvenly() {
    int count = 3;
    int[] owned = new int[count];
    for (int i = 0; i < 3000; i++) {
      owned[Shard.of("team-" + (i % 30), "web-" + i, count)]++;
    }
    // A fair split is 1,000 each; a binomial spread is about ±26 (1 sigma).
    assertThat(IntStream.of(owned).boxed().toList())
        .allSatisfy(n -> assertThat(n).isBetween(900, 1100));
  }

  @Test
  void oneShardOwnsEverything() {
    assertThat(Shard.ALL.owns("any", "policy")).isTrue();
    assertThat(Shard.ALL.isSplit()).isFalse();
  }

  @Test
  void anIndexOutsideTheCountIsRefused() {
    assertThatThrownBy(() -> new Shard(3, 3))
        .hasMessage("the shard index must be from 0 to 2 with 3 shards, got 3");
    assertThatThrownBy(() -> new Shard(-1, 3)).hasMessageContaining("got -1");
    assertThatThrownBy(() -> new Shard(0, 0))
        .hasMessage("the number of shards must be at least 1, got 0");
  }
}
