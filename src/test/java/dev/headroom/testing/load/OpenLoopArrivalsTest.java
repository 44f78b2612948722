package dev.headroom.testing.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headroom.sim.load.ConstantLoad;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The generator's two kinds of arrivals at 50 req/s for 4 s to a local server: evenly spaced ones
 * come every 20 ms (gaps of nearly constant length), Poisson ones with gaps as variable as an
 * exponential's (coefficient of variation near 1); both send as many requests as the rate says,
 * Poisson within a few standard deviations.
 */
class OpenLoopArrivalsTest {
  private static final double RPS = 50;
  private static final double SECONDS = 4;

  @Test
  void evenArrivalsAreEvenlySpaced() throws Exception {
    List<Long> arrivals = replay(OpenLoopLoad.Arrivals.EVEN);
    assertThat((double) arrivals.size()).isBetween(RPS * SECONDS - 10, RPS * SECONDS + 2);
    assertThat(gapCv(arrivals)).as("cv of the gaps").isLessThan(0.35);
  }

  @Test
  void poissonArrivalsHaveExponentialGaps() throws Exception {
    List<Long> arrivals = replay(OpenLoopLoad.Arrivals.POISSON);
    double expected = RPS * SECONDS;
    assertThat((double) arrivals.size())
        .isBetween(expected - 5 * Math.sqrt(expected), expected + 5 * Math.sqrt(expected));
    assertThat(gapCv(arrivals)).as("cv of the gaps").isBetween(0.7, 1.4);
  }

  private static List<Long> replay(OpenLoopLoad.Arrivals kind) throws Exception {
    try (ArrivalRecorder server = ArrivalRecorder.start();
        OpenLoopLoad load =
            OpenLoopLoad.start(
                "127.0.0.1", server.port(), "/work", new ConstantLoad(RPS), kind, 7)) {
      Thread.sleep((long) (SECONDS * 1000));
      load.close();
      assertThat(load.errors()).isZero();
      return server.arrivals();
    }
  }

  private static double gapCv(List<Long> arrivals) {
    double[] gaps = new double[arrivals.size() - 1];
    for (int i = 1; i < arrivals.size(); i++) {
      gaps[i - 1] = arrivals.get(i) - arrivals.get(i - 1);
    }
    double mean = Arrays.stream(gaps).average().orElseThrow();
    double variance = Arrays.stream(gaps).map(g -> (g - mean) * (g - mean)).average().orElseThrow();
    return Math.sqrt(variance) / mean;
  }
}
