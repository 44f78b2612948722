package dev.headroom.sim.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.headroom.sim.Resources;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ServiceModelTest {
  private static final long MI = 1L << 20;
  private static final Resources ONE_CORE = new Resources(1000, 1000, 512 * MI, 1024 * MI);
  private static final Resources TWO_CORES = new Resources(2000, 2000, 512 * MI, 1024 * MI);

  private static ServiceModel model(double cv, Optional<SlowDependency> slow) {
    return new ServiceModel(new ServiceParameters(0.05, cv, 30, 256 * MI, 2 * MI, 30, slow));
  }

  @Test
  void oneCoreWithExponentialServiceIsExactlyMm1() {
    ServiceModel model = model(1.0, Optional.empty());
    double lambda = 14; // rho = 0.7 at 20 rps capacity
    SteadyState state = model.steadyState(ONE_CORE, lambda, 0);
    double sojournRate = 20 - lambda;
    assertThat(state.utilization()).isCloseTo(0.7, within(1e-12));
    assertThat(state.latency().meanSeconds()).isCloseTo(1 / sojournRate, within(1e-9));
    // An M/M/1 sojourn time is exponential with rate μ − λ.
    assertThat(state.latency().quantileSeconds(0.95))
        .isCloseTo(-Math.log(0.05) / sojournRate, within(1e-6));
    assertThat(state.latency().quantileSeconds(0.5))
        .isCloseTo(Math.log(2) / sojournRate, within(1e-6));
  }

  @Test
  void serversAreStartedCoresEachAtTheirShareOfTheUsableCpu() {
    ServiceModel model = model(1.0, Optional.empty());
    Resources twoAndHalf = new Resources(2500, 0, 512 * MI, 0);
    assertThat(ServiceModel.servers(twoAndHalf)).isEqualTo(3);
    assertThat(model.capacityRps(twoAndHalf)).isCloseTo(50, within(1e-9));
    // Light load: latency is just the service time at 2.5/3 of a core.
    assertThat(model.steadyState(twoAndHalf, 0.001, 0).latency().meanSeconds())
        .isCloseTo(0.05 * 3 / 2.5, within(1e-4));
  }

  @Test
  void latencyGrowsFasterAndFasterAsUtilizationApproachesOne() {
    ServiceModel model = model(1.0, Optional.empty());
    double capacity = model.capacityRps(TWO_CORES);
    double[] rhos = {0.5, 0.7, 0.8, 0.9, 0.95};
    double[] p95 = new double[rhos.length];
    for (int i = 0; i < rhos.length; i++) {
      p95[i] = model.steadyState(TWO_CORES, rhos[i] * capacity, 0).latency().quantileSeconds(0.95);
    }
    for (int i = 2; i < rhos.length; i++) {
      double slopeBefore = (p95[i - 1] - p95[i - 2]) / (rhos[i - 1] - rhos[i - 2]);
      double slopeNow = (p95[i] - p95[i - 1]) / (rhos[i] - rhos[i - 1]);
      assertThat(slopeNow).as("slope at rho %s", rhos[i]).isGreaterThan(slopeBefore);
    }
    assertThat(p95[4]).isGreaterThan(4 * p95[0]);
  }

  @Test
  void moreVariableServiceWaitsLonger() {
    double light =
        model(0.5, Optional.empty()).steadyState(TWO_CORES, 32, 0).latency().meanSeconds();
    double heavy =
        model(2.0, Optional.empty()).steadyState(TWO_CORES, 32, 0).latency().meanSeconds();
    assertThat(heavy).isGreaterThan(light);
  }

  @Test
  void overloadBuildsABacklogThatAddsLatencyAndThenFails() {
    ServiceModel model = model(1.0, Optional.empty());
    // No memory limit here, so the queue is not cut short by an OOM kill.
    Resources unlimitedMemory = new Resources(2000, 2000, 512 * MI, 0);
    double capacity = model.capacityRps(unlimitedMemory); // 40 rps
    double backlog = 0;
    double previousP95 = 0;
    double failedTotal = 0;
    boolean sawErrors = false;
    for (int second = 0; second < 120; second++) {
      PodStep step = model.step(unlimitedMemory, 2 * capacity, backlog, second);
      assertThat(step.succeeded() + step.failed() + step.backlogAfter())
          .as("requests are conserved")
          .isCloseTo(backlog + step.arrivals(), within(1e-6));
      if (second < 30) {
        assertThat(step.backlogAfter()).isGreaterThan(backlog);
        assertThat(step.latency().quantileSeconds(0.95)).isGreaterThan(previousP95);
        previousP95 = step.latency().quantileSeconds(0.95);
      }
      assertThat(step.cpuCores()).isCloseTo(2.0, within(1e-9));
      assertThat(step.cpuThrottledRatio()).isEqualTo(1.0);
      failedTotal += step.failed();
      sawErrors |= step.failed() > step.arrivals() * 0.1;
      backlog = step.backlogAfter();
    }
    // The backlog stops at what the timeout allows (30 s of capacity); the excess fails.
    assertThat(backlog).isCloseTo(30 * capacity, within(1e-6));
    assertThat(sawErrors).isTrue();
    assertThat(failedTotal).isGreaterThan(80 * capacity * 0.5);
  }

  @Test
  void aBacklogDrainsWhenTheLoadFalls() {
    ServiceModel model = model(1.0, Optional.empty());
    PodStep step = model.step(TWO_CORES, 10, 100, 0);
    assertThat(step.backlogAfter()).isCloseTo(70, within(1e-9));
    assertThat(step.failed()).isLessThan(1e-6);
  }

  @Test
  void oomKillsWhenTheWorkingSetExceedsTheLimitAndNotOtherwise() {
    ServiceModel model = model(1.0, Optional.empty());
    // 256 MiB base + 2 MiB per request in flight; a 300 MiB limit allows 22 in flight.
    Resources tight = new Resources(2000, 2000, 280 * MI, 300 * MI);
    PodStep calm = model.step(tight, 20, 0, 0);
    assertThat(calm.oomKilled()).isFalse();
    assertThat(calm.workingSetBytes()).isLessThan(300 * MI).isGreaterThan(256 * MI);

    PodStep queued = model.step(tight, 40, 30, 0);
    assertThat(queued.workingSetBytes()).isGreaterThan(300 * MI);
    assertThat(queued.oomKilled()).isTrue();
    assertThat(queued.succeeded()).isZero();
    assertThat(queued.failed()).isCloseTo(70, within(1e-9));

    Resources noLimit = new Resources(2000, 2000, 280 * MI, 0);
    assertThat(model.step(noLimit, 40, 30, 0).oomKilled()).isFalse();
    Resources roomy = new Resources(2000, 2000, 280 * MI, 2048 * MI);
    assertThat(model.step(roomy, 40, 30, 0).oomKilled()).isFalse();
  }

  @Test
  void workingSetFollowsLittlesLaw() {
    ServiceModel model = model(1.0, Optional.empty());
    SteadyState state = model.steadyState(TWO_CORES, 20, 0);
    PodStep step = model.step(TWO_CORES, 20, 0, 0);
    double inFlight = 20 * state.latency().meanSeconds();
    assertThat(step.workingSetBytes())
        .isCloseTo(256 * MI + Math.round(2 * MI * inFlight), within(1L));
  }

  @Test
  void cpuIsArrivalsTimesServiceTimeAndThrottlingRisesWithLoadUnderALimit() {
    ServiceModel model = model(1.0, Optional.empty());
    assertThat(model.step(TWO_CORES, 10, 0, 0).cpuCores()).isCloseTo(0.5, within(1e-9));
    double low = model.step(TWO_CORES, 10, 0, 0).cpuThrottledRatio();
    double high = model.step(TWO_CORES, 36, 0, 0).cpuThrottledRatio();
    assertThat(high).isGreaterThan(low).isLessThan(1);
    Resources unlimited = new Resources(2000, 0, 512 * MI, 0);
    assertThat(model.step(unlimited, 36, 0, 0).cpuThrottledRatio()).isZero();
  }

  @Test
  void aSlowDependencyAddsLatencyAndMemoryButNoCpu() {
    ServiceModel model = model(1.0, Optional.of(new SlowDependency(100, 200, 0.4)));
    PodStep before = model.step(TWO_CORES, 20, 0, 99);
    PodStep during = model.step(TWO_CORES, 20, 0, 100);
    PodStep after = model.step(TWO_CORES, 20, 0, 200);
    assertThat(during.latency().meanSeconds() - before.latency().meanSeconds())
        .isCloseTo(0.4, within(1e-9));
    assertThat(during.latency().quantileSeconds(0.95) - before.latency().quantileSeconds(0.95))
        .isCloseTo(0.4, within(1e-6));
    assertThat(during.cpuCores()).isEqualTo(before.cpuCores());
    assertThat(during.workingSetBytes() - before.workingSetBytes())
        .isCloseTo(Math.round(20 * 0.4 * 2 * MI), within(2L));
    assertThat(after.latency()).isEqualTo(before.latency());
  }

  @Test
  void aMixtureOfPodsHasQuantilesBetweenItsParts() {
    ServiceModel model = model(1.0, Optional.empty());
    Latency fast = model.steadyState(TWO_CORES, 10, 0).latency();
    Latency slow = model.steadyState(TWO_CORES, 36, 0).latency();
    LatencyMixture mixture = new LatencyMixture();
    mixture.add(fast, 100);
    mixture.add(slow, 100);
    assertThat(mixture.quantileSeconds(0.95))
        .isBetween(fast.quantileSeconds(0.95), slow.quantileSeconds(0.95));
    assertThat(mixture.meanSeconds())
        .isCloseTo((fast.meanSeconds() + slow.meanSeconds()) / 2, within(1e-12));
    assertThat(new LatencyMixture().quantileSeconds(0.5)).isNaN();
  }
}
