package dev.headroom.sim.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ServiceTimeTest {
  @ParameterizedTest
  @ValueSource(doubles = {0.25, 0.5, 1.0, 1.5, 3.0})
  void hasTheAskedMeanAndCoefficientOfVariation(double cv) {
    ServiceTime service = ServiceTime.of(0.05, cv);
    // E[X] = ∫ P(X > t) dt and E[X²] = 2 ∫ t P(X > t) dt, integrated numerically.
    double step = 1e-5;
    double first = 0;
    double second = 0;
    for (double t = step / 2; t < 5; t += step) {
      double tail = service.tail(t);
      first += tail * step;
      second += 2 * t * tail * step;
    }
    double variance = second - first * first;
    assertThat(first).isCloseTo(0.05, within(1e-5));
    assertThat(service.meanSeconds()).isCloseTo(0.05, within(1e-12));
    assertThat(Math.sqrt(variance) / first).isCloseTo(cv, within(1e-3));
  }

  @ParameterizedTest
  @ValueSource(doubles = {0.0, 0.5, 2.0})
  void scalingMultipliesEveryDuration(double cv) {
    ServiceTime service = ServiceTime.of(0.1, cv);
    ServiceTime slower = service.scaled(2);
    assertThat(slower.meanSeconds()).isCloseTo(0.2, within(1e-12));
    assertThat(slower.tail(0.3)).isCloseTo(service.tail(0.15), within(1e-12));
  }
}
