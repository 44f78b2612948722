package dev.headroom.sim.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ParetoTest {
  private static Point p(String setting, int violationSeconds, long replicaSeconds) {
    return new Point(Settings.HPA, setting, violationSeconds, replicaSeconds);
  }

  @Test
  void strictlyBetterOnBothDominates() {
    assertThat(Pareto.dominates(p("a", 10, 1000), p("b", 20, 2000))).isTrue();
    assertThat(Pareto.dominates(p("b", 20, 2000), p("a", 10, 1000))).isFalse();
  }

  @Test
  void aTradeOffIsNoDomination() {
    assertThat(Pareto.dominates(p("a", 10, 2000), p("b", 20, 1000))).isFalse();
    assertThat(Pareto.dominates(p("b", 20, 1000), p("a", 10, 2000))).isFalse();
  }

  @Test
  void aTieOnBothFiguresIsNoDominationEitherWay() {
    // Within 1 % of the larger figure on both: a tie, whichever is nominally lower.
    Point a = p("a", 1000, 100_000);
    Point b = p("b", 1009, 100_900);
    assertThat(Pareto.dominates(a, b)).isFalse();
    assertThat(Pareto.dominates(b, a)).isFalse();
    assertThat(Pareto.dominates(a, a)).isFalse();
    assertThat(Pareto.dominates(p("z", 0, 0), p("z", 0, 0))).isFalse();
  }

  @Test
  void strictlyBetterOnOneAndTiedOnTheOtherDominates() {
    // Replica-seconds tied (0.9 % apart, the nominally worse one on the dominating side);
    // violation clearly lower.
    Point better = p("a", 100, 100_900);
    Point worse = p("b", 200, 100_000);
    assertThat(Pareto.dominates(better, worse)).isTrue();
    assertThat(Pareto.dominates(worse, better)).isFalse();
    // Violation tied (both 0), replica-seconds clearly lower.
    assertThat(Pareto.dominates(p("c", 0, 5_000), p("d", 0, 6_000))).isTrue();
    assertThat(Pareto.dominates(p("d", 0, 6_000), p("c", 0, 5_000))).isFalse();
  }

  @Test
  void theTieIsOnePercentOfTheLargerFigure() {
    assertThat(Pareto.compare(100, 101)).isZero(); // 1 % of 101 = 1.01 >= 1
    assertThat(Pareto.compare(100, 102)).isEqualTo(-1);
    assertThat(Pareto.compare(102, 100)).isEqualTo(1);
    assertThat(Pareto.compare(0, 0)).isZero();
    assertThat(Pareto.compare(0, 1)).isEqualTo(-1);
    assertThat(Pareto.dominates(p("a", 0, 1000), p("b", 1, 1000))).isTrue();
  }

  @Test
  void noMoreCountsTiesAsNoMore() {
    Point a = p("a", 1000, 100_000);
    Point b = p("b", 1005, 100_500);
    assertThat(Pareto.violatesNoMore(a, b)).isTrue();
    assertThat(Pareto.violatesNoMore(b, a)).isTrue();
    assertThat(Pareto.paysNoMore(b, a)).isTrue();
    assertThat(Pareto.violatesNoMore(p("c", 1100, 1), a)).isFalse();
    assertThat(Pareto.paysNoMore(p("c", 0, 110_000), a)).isFalse();
  }

  @Test
  void theFrontierIsSortedByReplicaSecondsAndDropsDominatedPoints() {
    Point cheap = p("90%", 500, 1_000);
    Point middle = p("60%", 100, 2_000);
    Point dear = p("30%", 0, 4_000);
    Point dominated = p("70%", 600, 3_000); // worse than middle on both
    Point tiedWorse = p("50%", 100, 2_500); // tied violation with middle, more replica-s

    List<Point> frontier = Pareto.frontier(List.of(dear, dominated, middle, tiedWorse, cheap));

    assertThat(frontier).containsExactly(cheap, middle, dear);
  }

  @Test
  void theFrontierKeepsOneOfPointsTiedOnBothFigures() {
    Point first = p("40%", 100, 2_000);
    Point same = p("50%", 100, 2_000);
    Point nearly = p("45%", 100, 2_010); // within 1 % on both
    Point other = p("90%", 400, 1_000);

    List<Point> frontier = Pareto.frontier(List.of(nearly, first, same, other));

    assertThat(frontier).hasSize(2);
    assertThat(frontier.get(0)).isEqualTo(other);
    assertThat(frontier.get(1).violationSeconds()).isEqualTo(100);
    assertThat(frontier.get(1).replicaSeconds()).isEqualTo(2_000);
    assertThat(Pareto.frontier(List.of())).isEmpty();
    assertThat(Pareto.frontier(List.of(first))).containsExactly(first);
  }

  static Stream<Long> seeds() {
    SplittableRandom random = new SplittableRandom(20261204L);
    return LongStream.range(0, 25).mapToObj(i -> random.nextLong());
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void theFrontierOfRandomPointsIsSortedUndominatedAndCoversEveryPoint(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<Point> points = new ArrayList<>();
    int count = 1 + random.nextInt(12);
    for (int i = 0; i < count; i++) {
      points.add(p("s" + i, random.nextInt(300), 1_000 + random.nextInt(5_000)));
    }

    List<Point> frontier = Pareto.frontier(points);

    assertThat(frontier).as("seed %d", seed).isNotEmpty();
    assertThat(points).as("seed %d", seed).containsAll(frontier);
    for (int i = 1; i < frontier.size(); i++) {
      assertThat(frontier.get(i).replicaSeconds())
          .as("seed %d: sorted by replica-seconds", seed)
          .isGreaterThanOrEqualTo(frontier.get(i - 1).replicaSeconds());
    }
    for (Point member : frontier) {
      for (Point any : points) {
        assertThat(Pareto.dominates(any, member))
            .as("seed %d: %s on the frontier is dominated by %s", seed, member, any)
            .isFalse();
      }
    }
    for (int i = 0; i < frontier.size(); i++) {
      for (int j = i + 1; j < frontier.size(); j++) {
        Point a = frontier.get(i);
        Point b = frontier.get(j);
        assertThat(tied(a, b)).as("seed %d: %s and %s are duplicates", seed, a, b).isFalse();
      }
    }
    // With the 1 % tie dominance is not transitive: a dropped point is dominated by some point of
    // the list (not necessarily a frontier member), or ties a frontier member on both figures.
    for (Point any : points) {
      if (frontier.contains(any)) {
        continue;
      }
      boolean dominated = points.stream().anyMatch(o -> o != any && Pareto.dominates(o, any));
      boolean duplicate = frontier.stream().anyMatch(f -> tied(f, any));
      assertThat(dominated || duplicate)
          .as("seed %d: %s dropped without reason", seed, any)
          .isTrue();
    }
  }

  private static boolean tied(Point a, Point b) {
    return Pareto.compare(a.violationSeconds(), b.violationSeconds()) == 0
        && Pareto.compare(a.replicaSeconds(), b.replicaSeconds()) == 0;
  }
}
