package dev.headroom.engine;

import static dev.headroom.engine.Fixtures.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongToDoubleFunction;
import org.junit.jupiter.api.Test;

class LoadTrendTest {
  private static final Duration WINDOW = Duration.ofMinutes(1);

  /**
   * Prometheus' 1-minute {@code rate()} of a rate that steps from 100 to 300 at second 600, scraped
   * every 15 s: the increase between the first and the last scrape inside (t − 60 s, t], over the
   * 45 s between them (extrapolating it to the window's edges keeps the same rate).
   */
  private static double windowed(long second) {
    return windowed(LoadTrendTest::requests, second);
  }

  private static double windowed(LongToDoubleFunction requests, long second) {
    long last = second - Math.floorMod(second, 15);
    long first = last - 45;
    return (requests.applyAsDouble(last) - requests.applyAsDouble(first)) / 45.0;
  }

  /** The requests counted by {@code second}. */
  private static double requests(long second) {
    return 100.0 * Math.min(second, 600) + 300.0 * Math.max(0, second - 600);
  }

  /** The requests counted by {@code second} of a rate that climbs 100 req/s a minute from 100. */
  private static double ramp(long second) {
    double minutes = second / 60.0;
    return 60 * (100 * minutes + 50 * minutes * minutes);
  }

  private static List<Sample> historyUpTo(long lastSecond) {
    return historyUpTo(LoadTrendTest::requests, lastSecond);
  }

  private static List<Sample> historyUpTo(LongToDoubleFunction requests, long lastSecond) {
    List<Sample> history = new ArrayList<>();
    for (long s = lastSecond - 180; s <= lastSecond; s += 15) {
      history = LoadTrend.remember(history, new Sample(windowed(requests, s), at(s)), WINDOW);
    }
    return history;
  }

  @Test
  void aStepIsSeenWholeOneDecisionAfterIt() {
    // The step is 15 s old: the rate shows a third of it (15 s of the 45 between its scrapes),
    // the trend all of it.
    var trend = LoadTrend.of(new Sample(windowed(615), at(615)), historyUpTo(600), WINDOW);
    assertThat(trend.observed()).isCloseTo(100 + 200 / 3.0, within(1e-9));
    assertThat(trend.projected()).isCloseTo(300, within(1e-9));
    assertThat(trend.steady()).isFalse();
  }

  @Test
  void laterDecisionsInsideTheWindowDoNotOvershootTheStep() {
    for (long s = 630; s <= 675; s += 15) {
      var trend = LoadTrend.of(new Sample(windowed(s), at(s)), historyUpTo(s - 15), WINDOW);
      assertThat(trend.projected()).as("at %d s", s).isCloseTo(300, within(1e-9));
    }
  }

  @Test
  void aRampIsSeenWhereItIsNotWhereTheWindowedRateLagsIt() {
    // At 10 minutes the rate is 1,100 req/s; the windowed rate averages the 45 s between its
    // scrapes, 37.5 req/s behind. Projected from that lagging average alone, a window's rise only
    // brings it back to the average: the replicas planned for it are late all the way up.
    var trend =
        LoadTrend.of(
            new Sample(windowed(LoadTrendTest::ramp, 600), at(600)),
            historyUpTo(LoadTrendTest::ramp, 585),
            WINDOW);
    assertThat(trend.observed()).isCloseTo(1062.5, within(1e-9));
    assertThat(trend.projected()).isCloseTo(1100, within(1e-9));
  }

  @Test
  void aStepAfterARampIsNotProjectedAsMoreRamp() {
    // The ramp of the test above stops at 10 minutes, at 1,100 req/s. For a span the windowed
    // rate still rises, by steps that average the ramp's last increments, and the projection runs
    // on a little (under a decision interval's worth of the ramp, 1 %); once the windowed rate
    // holds still, it is back on the rate.
    LongToDoubleFunction rampThenFlat =
        second -> ramp(Math.min(second, 600)) + 1100.0 * Math.max(0, second - 600);
    for (long s = 615; s <= 720; s += 15) {
      var trend =
          LoadTrend.of(
              new Sample(windowed(rampThenFlat, s), at(s)),
              historyUpTo(rampThenFlat, s - 15),
              WINDOW);
      assertThat(trend.projected())
          .as("at %d s", s)
          .isLessThanOrEqualTo(s < 660 ? 1100 + 15 * 100 / 60.0 : 1100 + 1e-9);
    }
  }

  @Test
  void aStepAWindowAgoIsNotTakenForARamp() {
    // The step to 300 req/s at 10 minutes, after which the load creeps up 10 req/s a minute. A
    // window and more after the step the windowed rate a window ago rose by the whole step: read
    // as a ramp, it would project 300 + 125 req/s. The creep is the only rise since.
    LongToDoubleFunction stepThenCreep =
        second -> {
          double minutes = Math.max(0, second - 600) / 60.0;
          return requests(second) + 60 * 5 * minutes * minutes;
        };
    for (long s = 675; s <= 780; s += 15) {
      double rate = 300 + 10 * (s - 600) / 60.0;
      var trend =
          LoadTrend.of(
              new Sample(windowed(stepThenCreep, s), at(s)),
              historyUpTo(stepThenCreep, s - 15),
              WINDOW);
      assertThat(trend.projected()).as("at %d s", s).isLessThanOrEqualTo(rate + 1e-9);
    }
  }

  @Test
  void theWindowIsWhatItsScrapesSpanNotItsRange() {
    // Projecting over the whole minute would read 100 + 4 x 66.7 = 367 a decision after the
    // step: a third too much, held by the scale-down window for minutes after.
    assertThat(LoadTrend.span(WINDOW, historyUpTo(600), new Sample(0, at(615)))).isEqualTo(45_000);
    // Samples further apart than the window: nothing to take off.
    assertThat(LoadTrend.span(WINDOW, List.of(new Sample(1, at(0))), new Sample(1, at(90))))
        .isEqualTo(60_000);
    // Never less than the time between samples.
    assertThat(LoadTrend.span(WINDOW, List.of(new Sample(1, at(0))), new Sample(1, at(40))))
        .isEqualTo(40_000);
  }

  @Test
  void aFallingOrSteadyLoadIsNeverProjectedBelowWhatIsObserved() {
    List<Sample> history = List.of(new Sample(300, at(0)), new Sample(290, at(15)));
    var falling = LoadTrend.of(new Sample(200, at(60)), history, WINDOW);
    assertThat(falling.projected()).isEqualTo(200);
    assertThat(falling.steady()).isFalse();
    var steady = LoadTrend.of(new Sample(288, at(60)), history, WINDOW);
    assertThat(steady.projected()).isEqualTo(288);
    assertThat(steady.steady()).isTrue();
    // A small rise is still a rise: steady enough to learn from, and projected a window on.
    var rising = LoadTrend.of(new Sample(295, at(60)), history, WINDOW);
    assertThat(rising.steady()).isTrue();
    // 300 a window ago, +5 in 45 s: +5 over the 45 s the rate's scrapes span.
    assertThat(rising.projected()).isCloseTo(305, within(1e-9));
  }

  @Test
  void climbingBackFromADipIsNotProjectedAsGrowth() {
    // 350 a window ago, a dip to 260 while pods were replaced, back to 349 now.
    List<Sample> history =
        List.of(
            new Sample(350, at(0)),
            new Sample(340, at(15)),
            new Sample(300, at(30)),
            new Sample(260, at(45)));
    var trend = LoadTrend.of(new Sample(349, at(60)), history, WINDOW);
    assertThat(trend.projected()).isEqualTo(349);
  }

  @Test
  void nothingIsProjectedBeforeAWindowOfHistory() {
    // A new series: the windowed rate climbs from nothing, which is not a step in the load.
    List<Sample> history = List.of(new Sample(30, at(15)), new Sample(60, at(30)));
    var trend = LoadTrend.of(new Sample(80, at(45)), history, WINDOW);
    assertThat(trend.projected()).isEqualTo(80);
  }

  @Test
  void withoutHistoryOrWithAStaleOneNothingIsProjected() {
    var first = LoadTrend.of(new Sample(120, at(0)), List.of(), WINDOW);
    assertThat(first.projected()).isEqualTo(120);
    assertThat(first.steady()).isFalse();
    var stale = LoadTrend.of(new Sample(120, at(600)), List.of(new Sample(10, at(0))), WINDOW);
    assertThat(stale.projected()).isEqualTo(120);
    assertThat(stale.steady()).isFalse();
  }

  @Test
  void theHistoryKeepsTwoWindowsAndTheSampleBeforeThem() {
    List<Sample> history = List.of();
    for (long s = 0; s <= 300; s += 15) {
      history = LoadTrend.remember(history, new Sample(s, at(s)), WINDOW);
    }
    assertThat(history).extracting(Sample::at).first().isEqualTo(at(180));
    assertThat(history).extracting(Sample::at).last().isEqualTo(at(300));
    assertThat(history).hasSize(9);
  }
}
