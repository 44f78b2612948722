package dev.headroom.sim.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.headroom.sim.Resources;
import dev.headroom.testing.random.Gen;
import dev.headroom.testing.random.Seeds;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ServiceModelPropertiesTest {
  private static final ServiceModel MODEL =
      new ServiceModel(
          new ServiceParameters(0.05, 1.0, 30, 256L << 20, 2L << 20, 30, Optional.empty()));

  /** 300 cases per property. */
  static Stream<Long> seeds() {
    return Seeds.of(300);
  }

  @ParameterizedTest(name = Seeds.NAME)
  @MethodSource("seeds")
  void everyRequestIsServedFailedOrStillQueued(long seed) {
    Gen gen = new Gen(seed);
    int cpuMillis = gen.ints(100, 8000);
    double arrivals = gen.doubles(0, 500);
    double backlog = gen.doubles(0, 5000);
    Seeds.check(
        seed,
        () -> "cpuMillis=%d arrivals=%s backlog=%s".formatted(cpuMillis, arrivals, backlog),
        () -> everyRequestIsServedFailedOrStillQueued(cpuMillis, arrivals, backlog));
  }

  private static void everyRequestIsServedFailedOrStillQueued(
      int cpuMillis, double arrivals, double backlog) {
    Resources resources = new Resources(cpuMillis, cpuMillis, 512L << 20, 0);
    PodStep step = MODEL.step(resources, arrivals, backlog, 0);
    assertThat(step.succeeded() + step.failed() + step.backlogAfter())
        .isCloseTo(arrivals + backlog, within(1e-6 * (1 + arrivals + backlog)));
    assertThat(step.succeeded()).isGreaterThanOrEqualTo(0);
    assertThat(step.failed()).isGreaterThanOrEqualTo(0);
    assertThat(step.cpuCores()).isBetween(0.0, cpuMillis / 1000.0 + 1e-9);
    assertThat(step.backlogAfter()).isLessThanOrEqualTo(30 * MODEL.capacityRps(resources) + 1e-6);
  }

  @ParameterizedTest(name = Seeds.NAME)
  @MethodSource("seeds")
  void quantilesIncreaseWithTheQuantileAndTheLoad(long seed) {
    Gen gen = new Gen(seed);
    int cores = gen.ints(1, 8);
    double rho = gen.doubles(0.05, 0.9);
    Seeds.check(
        seed,
        () -> "cores=%d rho=%s".formatted(cores, rho),
        () -> quantilesIncreaseWithTheQuantileAndTheLoad(cores, rho));
  }

  private static void quantilesIncreaseWithTheQuantileAndTheLoad(int cores, double rho) {
    Resources resources = new Resources(cores * 1000L, 0, 512L << 20, 0);
    double capacity = MODEL.capacityRps(resources);
    Latency lighter = MODEL.steadyState(resources, rho * capacity, 0).latency();
    Latency heavier = MODEL.steadyState(resources, (rho + 0.05) * capacity, 0).latency();
    assertThat(lighter.quantileSeconds(0.5)).isLessThanOrEqualTo(lighter.quantileSeconds(0.95));
    assertThat(lighter.quantileSeconds(0.95)).isLessThanOrEqualTo(lighter.quantileSeconds(0.99));
    assertThat(heavier.quantileSeconds(0.95)).isGreaterThan(lighter.quantileSeconds(0.95));
    assertThat(heavier.meanSeconds()).isGreaterThan(lighter.meanSeconds());
  }
}
