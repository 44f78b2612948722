package dev.headroom.sim.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.headroom.testing.random.Gen;
import dev.headroom.testing.random.Seeds;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class DownsamplerTest {

  @Test
  void aSeriesThatFitsIsKeptWhole() {
    double[] values = {1, 2, Double.NaN, 4};

    List<Downsampler.Point> points = Downsampler.minMax(values, 4);

    assertThat(points)
        .containsExactly(
            new Downsampler.Point(0, 1),
            new Downsampler.Point(1, 2),
            new Downsampler.Point(2, Double.NaN),
            new Downsampler.Point(3, 4));
  }

  @Test
  void aOneSecondSpikeInADaySurvives() {
    double[] latency = new double[86_400];
    Arrays.fill(latency, 0.1);
    latency[43_210] = 9.5; // spike
    latency[70_001] = 0.001; // dip

    List<Downsampler.Point> points = Downsampler.minMax(latency, 1500);

    assertThat(points).hasSizeLessThanOrEqualTo(1500);
    assertThat(points)
        .contains(new Downsampler.Point(43_210, 9.5), new Downsampler.Point(70_001, 0.001));
  }

  @Test
  void minimumAndMaximumOfABucketKeepTheirTimeOrder() {
    double[] values = {5, 9, 1, 5, 5, 5, 5, 5};

    // 2 buckets of 4 s: [5, 9, 1, 5] keeps 9 (s 1) then 1 (s 2); [5, 5, 5, 5] keeps one point.
    assertThat(Downsampler.minMax(values, 4))
        .containsExactly(
            new Downsampler.Point(1, 9), new Downsampler.Point(2, 1), new Downsampler.Point(4, 5));
  }

  @Test
  void aBucketWithoutValuesStaysAGap() {
    double[] values = {1, 2, 3, Double.NaN, Double.NaN, Double.NaN, 4, 5, 6};

    // 3 buckets of 3 s; the middle one has no value, and joining 3 to 4 would hide that.
    assertThat(Downsampler.minMax(values, 6))
        .containsExactly(
            new Downsampler.Point(0, 1),
            new Downsampler.Point(2, 3),
            new Downsampler.Point(3, Double.NaN),
            new Downsampler.Point(6, 4),
            new Downsampler.Point(8, 6));
  }

  @Test
  void fewerThanTwoPointsCannotHoldAMinimumAndAMaximum() {
    assertThatThrownBy(() -> Downsampler.minMax(new double[10], 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  static Stream<Long> seeds() {
    return Seeds.of(1000);
  }

  @ParameterizedTest(name = Seeds.NAME)
  @MethodSource("seeds")
  void neverMorePointsThanAllowedAndTheExtremesAreKept(long seed) {
    Gen gen = new Gen(seed);
    List<Integer> values = gen.list(1, 5000, g -> g.ints(-1000, 1000));
    int maxPoints = gen.ints(2, 600);
    Seeds.check(
        seed,
        () -> "maxPoints=%d values=%s".formatted(maxPoints, values),
        () -> neverMorePointsThanAllowedAndTheExtremesAreKept(values, maxPoints));
  }

  private static void neverMorePointsThanAllowedAndTheExtremesAreKept(
      List<Integer> values, int maxPoints) {
    double[] series = values.stream().mapToDouble(Integer::doubleValue).toArray();

    List<Downsampler.Point> points = Downsampler.minMax(series, maxPoints);

    assertThat(points).hasSizeLessThanOrEqualTo(maxPoints);
    assertThat(points.stream().mapToInt(Downsampler.Point::second)).isSorted();
    assertThat(points.stream().mapToDouble(Downsampler.Point::value).max().orElseThrow())
        .isEqualTo(Arrays.stream(series).max().orElseThrow());
    assertThat(points.stream().mapToDouble(Downsampler.Point::value).min().orElseThrow())
        .isEqualTo(Arrays.stream(series).min().orElseThrow());
    for (Downsampler.Point point : points) {
      assertThat(series[point.second()]).isEqualTo(point.value());
    }
  }
}
