package dev.headroom.sim.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.headroom.testing.random.Gen;
import dev.headroom.testing.random.Seeds;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ErlangCTest {
  @Test
  void matchesTextbookValues() {
    // c = 1: P(wait) is the utilization.
    assertThat(ErlangC.waitProbability(1, 0.7)).isCloseTo(0.7, within(1e-12));
    // c = 2, a = 1: 1/3; c = 3, a = 2: 4/9 (computed by hand from the closed form).
    assertThat(ErlangC.waitProbability(2, 1.0)).isCloseTo(1.0 / 3, within(1e-12));
    assertThat(ErlangC.waitProbability(3, 2.0)).isCloseTo(4.0 / 9, within(1e-12));
    // Tabulated Erlang C values (e.g. call-centre tables): c = 10, a = 8 -> 0.4092;
    // c = 5, a = 4 -> 0.5541.
    assertThat(ErlangC.waitProbability(10, 8.0)).isCloseTo(0.4092, within(5e-5));
    assertThat(ErlangC.waitProbability(5, 4.0)).isCloseTo(0.5541, within(5e-5));
  }

  @Test
  void isCertainWaitingWhenTheLoadReachesTheServers() {
    assertThat(ErlangC.waitProbability(4, 4.0)).isEqualTo(1.0);
    assertThat(ErlangC.waitProbability(4, 9.0)).isEqualTo(1.0);
    assertThat(ErlangC.waitProbability(4, 0.0)).isEqualTo(0.0);
  }

  @Test
  void staysFiniteForManyServers() {
    double p = ErlangC.waitProbability(500, 480);
    assertThat(p).isBetween(0.0, 1.0).isNotNaN();
  }

  static Stream<Long> seeds() {
    return Seeds.of(200);
  }

  @ParameterizedTest(name = Seeds.NAME)
  @MethodSource("seeds")
  void agreesWithTheClosedForm(long seed) {
    Gen gen = new Gen(seed);
    int servers = gen.ints(1, 30);
    double rho = gen.doubles(0.01, 0.99);
    Seeds.check(
        seed,
        () -> "servers=%d rho=%s".formatted(servers, rho),
        () -> agreesWithTheClosedForm(servers, rho));
  }

  private static void agreesWithTheClosedForm(int servers, double rho) {
    double a = rho * servers;
    double sum = 0;
    double term = 1;
    for (int k = 0; k < servers; k++) {
      if (k > 0) {
        term *= a / k;
      }
      sum += term;
    }
    double top = term * a / servers / (1 - rho);
    double closedForm = top / (sum + top);
    assertThat(ErlangC.waitProbability(servers, a)).isCloseTo(closedForm, within(1e-9));
  }
}
