package dev.headroom.sim.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PromQlTest {
  private static Sample counter(int second, double value) {
    return new Sample(second, value, 0, 0, new double[] {0}, 0, 0, 0, 0, true, true);
  }

  @Test
  void rateOfASteadyCounterIsItsSlope() {
    List<Sample> samples = new ArrayList<>();
    for (int second = 15; second <= 120; second += 15) {
      samples.add(counter(second, 4.0 * second));
    }
    assertThat(PromQl.rate(samples, Sample::requests, 120, 60)).isCloseTo(4.0, within(1e-9));
    assertThat(PromQl.rate(samples, Sample::requests, 60, 60)).isCloseTo(4.0, within(1e-9));
  }

  @Test
  void rateSurvivesACounterReset() {
    List<Sample> samples =
        List.of(counter(15, 100), counter(30, 130), counter(45, 10), counter(60, 40));
    // Increase 30 + 10 (after the reset from 0) + 30 = 70 over 45 s, extrapolated to the 60 s
    // range (the first sample is within 1.1 average gaps of the range start).
    double rate = PromQl.rate(samples, Sample::requests, 60, 60);
    assertThat(rate).isCloseTo(70.0 / 45, within(1e-9));
  }

  @Test
  void rateNeedsTwoSamplesInTheWindow() {
    List<Sample> samples = List.of(counter(15, 100), counter(90, 200));
    assertThat(PromQl.rate(samples, Sample::requests, 100, 60)).isNaN();
  }

  @Test
  void histogramQuantileInterpolatesInsideTheBucket() {
    double[] bounds = {0.1, 0.25, 0.5};
    double[] cumulative = {50, 90, 100, 100};
    assertThat(PromQl.histogramQuantile(0.5, bounds, cumulative)).isCloseTo(0.1, within(1e-12));
    assertThat(PromQl.histogramQuantile(0.7, bounds, cumulative)).isCloseTo(0.175, within(1e-12));
    assertThat(PromQl.histogramQuantile(0.99, bounds, cumulative)).isCloseTo(0.475, within(1e-12));
    assertThat(PromQl.histogramQuantile(0.25, bounds, cumulative)).isCloseTo(0.05, within(1e-12));
  }

  @Test
  void histogramQuantileInTheInfBucketIsTheHighestBound() {
    double[] bounds = {0.1, 0.25, 0.5};
    assertThat(PromQl.histogramQuantile(0.99, bounds, new double[] {50, 90, 95, 100}))
        .isEqualTo(0.5);
    assertThat(PromQl.histogramQuantile(0.5, bounds, new double[] {0, 0, 0, 0})).isNaN();
  }
}
