package dev.headroom.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QueueingModelTest {
  @Test
  void erlangCMatchesKnownValues() {
    // One server: the probability of waiting is the utilisation.
    assertThat(QueueingModel.erlangC(1, 0.7)).isCloseTo(0.7, within(1e-12));
    // Two servers, one Erlang offered: C = 1/3.
    assertThat(QueueingModel.erlangC(2, 1.0)).isCloseTo(1.0 / 3, within(1e-12));
    // Ten servers, eight Erlangs: 0.4092 (standard tables).
    assertThat(QueueingModel.erlangC(10, 8.0)).isCloseTo(0.4092, within(1e-4));
  }

  @Test
  void meanResponseOfMm1IsOneOverMuMinusLambda() {
    // mu = 10/s (0.1 core-seconds per request on one core), lambda = 7/s.
    assertThat(QueueingModel.latencySeconds(Double.NaN, 7, 0.1, 1, 1))
        .isCloseTo(1.0 / 3, within(1e-9));
  }

  @Test
  void mm1PercentileIsExponentialWithRateMuMinusLambda() {
    // For M/M/1 the response time is Exp(mu - lambda): p95 = ln(20) / 3, to the model's
    // relative precision of 1e-4.
    double expected = Math.log(20) / 3;
    assertThat(QueueingModel.latencySeconds(0.95, 7, 0.1, 1, 1))
        .isCloseTo(expected, within(1e-4 * expected));
  }

  @Test
  void latencyGrowsNonLinearlyAndIsUnboundedAtSaturation() {
    double at50 = QueueingModel.latencySeconds(0.95, 10, 0.1, 2, 1);
    double at80 = QueueingModel.latencySeconds(0.95, 16, 0.1, 2, 1);
    double at95 = QueueingModel.latencySeconds(0.95, 19, 0.1, 2, 1);
    assertThat(at80 - at50).as("30 points of utilisation").isLessThan(at95 - at80);
    assertThat(QueueingModel.latencySeconds(0.95, 20, 0.1, 2, 1)).isInfinite();
  }

  /**
   * Under one core the CFS quota runs a request at a full core until the period's quota is spent:
   * half a core does not serve a 10 ms request in 20 ms. Only the share of requests longer than the
   * 50 ms quota (e^-5) runs past it at half speed.
   */
  @Test
  void underOneCoreARequestRunsAtAFullCoreWithinTheQuota() {
    double expected = 0.010 * (1 - Math.exp(-5)) + Math.exp(-5) * 0.010 / 0.5;
    assertThat(QueueingModel.latencySeconds(Double.NaN, 1e-9, 0.010, 0.5, 1))
        .isCloseTo(expected, within(1e-9));
  }

  @ParameterizedTest(name = "{0} cores, {1} req/s, cv {2}")
  @CsvSource({"0.2, 12, 1", "0.2, 12, 0.3", "0.2, 2, 0.05", "0.5, 30, 0.6", "2, 150, 0.4"})
  void theMeanIsTheAverageOfTheQuantiles(double cores, double rps, double cv) {
    int points = 20_000;
    double sum = 0;
    for (int i = 0; i < points; i++) {
      sum += QueueingModel.latencySeconds((i + 0.5) / points, rps, 0.010, cores, 1.3, cv);
    }
    double mean = QueueingModel.latencySeconds(Double.NaN, rps, 0.010, cores, 1.3, cv);
    assertThat(sum / points).isCloseTo(mean, within(0.01 * mean));
  }

  /** A service time of cv below 1 is a constant part and an exponential one of the same mean. */
  @Test
  void aRegularServiceTimeHasItsQuantileNearItsMean() {
    // Idle, one core, 10 ms of work of cv 0.2: 8 ms fixed, then Exp(mean 2 ms).
    double expected = 0.008 + 0.002 * Math.log(20);
    // To the model's relative precision of 1e-4 (the quantile is found by bisection).
    assertThat(QueueingModel.latencySeconds(0.95, 1e-9, 0.010, 1, 1, 0.2))
        .isCloseTo(expected, within(1e-4 * expected));
    assertThat(QueueingModel.latencySeconds(Double.NaN, 1e-9, 0.010, 1, 1, 0.2))
        .isCloseTo(0.010, within(1e-9));
    // Exponential at cv 1, as before.
    assertThat(QueueingModel.latencySeconds(0.95, 7, 0.1, 1, 1, 1))
        .isEqualTo(QueueingModel.latencySeconds(0.95, 7, 0.1, 1, 1));
  }

  /** Allen–Cunneen: an M/D/1 queue waits half as long as an M/M/1 at the same load. */
  @Test
  void aRegularServiceTimeWaitsLess() {
    double mm1Wait = QueueingModel.latencySeconds(Double.NaN, 7, 0.1, 1, 1) - 0.1;
    double regularWait =
        QueueingModel.latencySeconds(Double.NaN, 7, 0.1, 1, 1, QueueingModel.MIN_SERVICE_CV) - 0.1;
    double scale = (1 + Math.pow(QueueingModel.MIN_SERVICE_CV, 2)) / 2;
    assertThat(regularWait).isCloseTo(mm1Wait * scale, within(1e-9));
  }

  /** Near saturation the queue ahead drains at the quota's pace: a server of a fifth of a core. */
  @Test
  void underOneCoreNearSaturationTheQueueDrainsAtTheQuotasPace() {
    double rps = 19; // 0.95 of 20 req/s
    double slowServer = Math.log(20) / (0.2 / 0.010 - rps);
    assertThat(QueueingModel.latencySeconds(0.95, rps, 0.010, 0.2, 1))
        .isCloseTo(slowServer, within(0.1 * slowServer));
    assertThat(QueueingModel.latencySeconds(0.95, 20, 0.010, 0.2, 1)).isInfinite();
  }

  /** Just under a core the quota form meets the M/M/1 it replaces: no jump at one core. */
  @Test
  void justUnderOneCoreTheQuotaFormMeetsTheQueue() {
    double wholeCore = QueueingModel.latencySeconds(0.95, 60, 0.010, 1, 1);
    assertThat(QueueingModel.latencySeconds(0.95, 60 * 0.999, 0.010, 0.999, 1))
        .isCloseTo(wholeCore, within(0.01 * wholeCore));
    double wholeCoreMean = QueueingModel.latencySeconds(Double.NaN, 60, 0.010, 1, 1);
    assertThat(QueueingModel.latencySeconds(Double.NaN, 60 * 0.999, 0.010, 0.999, 1))
        .isCloseTo(wholeCoreMean, within(0.01 * wholeCoreMean));
  }
}
