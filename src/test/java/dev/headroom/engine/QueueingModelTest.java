package dev.headroom.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

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

  @Test
  void fractionalCoresAreSlowerServers() {
    // Half a core serves a request in twice the time.
    assertThat(QueueingModel.latencySeconds(Double.NaN, 1e-9, 0.1, 0.5, 1))
        .isCloseTo(0.2, within(1e-6));
  }
}
