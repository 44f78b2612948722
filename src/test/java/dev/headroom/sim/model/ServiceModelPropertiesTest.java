package dev.headroom.sim.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.headroom.sim.Resources;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

class ServiceModelPropertiesTest {
  private static final ServiceModel MODEL =
      new ServiceModel(
          new ServiceParameters(0.05, 1.0, 30, 256L << 20, 2L << 20, 30, Optional.empty()));

  @Property(tries = 300)
  void everyRequestIsServedFailedOrStillQueued(
      @ForAll @IntRange(min = 100, max = 8000) int cpuMillis,
      @ForAll @DoubleRange(min = 0, max = 500) double arrivals,
      @ForAll @DoubleRange(min = 0, max = 5000) double backlog) {
    Resources resources = new Resources(cpuMillis, cpuMillis, 512L << 20, 0);
    PodStep step = MODEL.step(resources, arrivals, backlog, 0);
    assertThat(step.succeeded() + step.failed() + step.backlogAfter())
        .isCloseTo(arrivals + backlog, within(1e-6 * (1 + arrivals + backlog)));
    assertThat(step.succeeded()).isGreaterThanOrEqualTo(0);
    assertThat(step.failed()).isGreaterThanOrEqualTo(0);
    assertThat(step.cpuCores()).isBetween(0.0, cpuMillis / 1000.0 + 1e-9);
    assertThat(step.backlogAfter()).isLessThanOrEqualTo(30 * MODEL.capacityRps(resources) + 1e-6);
  }

  @Property(tries = 200)
  void quantilesIncreaseWithTheQuantileAndTheLoad(
      @ForAll @IntRange(min = 1, max = 8) int cores,
      @ForAll @DoubleRange(min = 0.05, max = 0.9) double rho) {
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
