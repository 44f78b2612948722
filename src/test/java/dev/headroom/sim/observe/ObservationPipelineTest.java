package dev.headroom.sim.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.headroom.sim.Observation;
import dev.headroom.sim.PodView;
import dev.headroom.sim.PrometheusView;
import dev.headroom.sim.run.SimulatedWorld;
import dev.headroom.sim.scenario.Scenario;
import dev.headroom.sim.scenario.ScenarioFiles;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What controllers see lags and quantizes the truth the way Prometheus and metrics-server do. */
class ObservationPipelineTest {
  @TempDir Path dir;

  private SimulatedWorld world(String extra) {
    Scenario scenario =
        ScenarioFiles.load(
            dir,
            ScenarioFiles.SCENARIO.replace(
                    "  atSecond: 200\n", "  atSecond: 200\n  poissonArrivals: false\n")
                + extra);
    return new SimulatedWorld(scenario);
  }

  private static void stepTo(SimulatedWorld world, int fromSecond, int toSecond) {
    for (int second = fromSecond; second <= toSecond; second++) {
      world.step(second);
    }
  }

  @Test
  void theRequestRateLagsAStepByTheScrapeAndTheWindow() {
    SimulatedWorld world = world("");
    stepTo(world, 0, 150);
    // Enough pods for the tripled load, Ready before it comes.
    world.apply(dev.headroom.sim.ControlAction.replicas(6, "test"), 150);
    stepTo(world, 151, 199);
    // Not exactly 60: rate() extrapolates the new pods' short series, as Prometheus does.
    assertThat(world.observe(199).prometheus().requestRate().getAsDouble())
        .isCloseTo(60, within(2.0));
    stepTo(world, 200, 205);
    // Five seconds after the load tripled, Prometheus still sees roughly the old rate.
    assertThat(world.observe(205).prometheus().requestRate().getAsDouble()).isLessThan(75);
    stepTo(world, 206, 235);
    double halfway = world.observe(235).prometheus().requestRate().getAsDouble();
    assertThat(halfway).isBetween(75.0, 175.0);
    stepTo(world, 236, 280);
    assertThat(world.observe(280).prometheus().requestRate().getAsDouble())
        .isCloseTo(180, within(1.0));
  }

  @Test
  void answersAreAtMostOneScrapeIntervalOld() {
    SimulatedWorld world = world("");
    for (int second = 0; second < 120; second++) {
      world.step(second);
      PrometheusView view = world.observe(second).prometheus();
      if (second < 7) {
        assertThat(view.sampledAt()).isNull();
        assertThat(view.requestRate()).isEmpty();
        continue;
      }
      Duration staleness = Duration.between(view.sampledAt(), SimClock.instant(second));
      assertThat(staleness).isBetween(Duration.ZERO, Duration.ofSeconds(14));
    }
  }

  @Test
  void betweenScrapesTheAnswersDoNotChange() {
    SimulatedWorld world = world("");
    stepTo(world, 0, 200);
    PrometheusView at202 = null;
    stepTo(world, 201, 202);
    at202 = world.observe(202).prometheus();
    stepTo(world, 203, 216);
    PrometheusView at216 = world.observe(216).prometheus();
    assertThat(at216.requestRate()).isEqualTo(at202.requestRate());
    assertThat(at216.sampledAt()).isEqualTo(at202.sampledAt());
  }

  @Test
  void aDownPrometheusAnswersNothingAndComesBackWithAGap() {
    SimulatedWorld world =
        world("observation:\n  prometheusDownFromSecond: 300\n  prometheusDownToSecond: 400\n");
    stepTo(world, 0, 350);
    PrometheusView down = world.observe(350).prometheus();
    assertThat(down.sampledAt()).isNull();
    assertThat(down.requestRate()).isEmpty();
    assertThat(down.latencyQuantileSeconds()).isEmpty();
    stepTo(world, 351, 405);
    PrometheusView justBack = world.observe(405).prometheus();
    assertThat(justBack.requestRate()).as("no two samples in the window yet").isEmpty();
    stepTo(world, 406, 430);
    assertThat(world.observe(430).prometheus().requestRate()).isPresent();
  }

  @Test
  void latencyQuantilesComeFromHistogramBucketsAroundTheTruth() {
    SimulatedWorld world = world("");
    stepTo(world, 0, 180);
    double truth = world.timeline().budgetValues().get("latency/p95")[180];
    double seen = world.observe(180).prometheus().latencyQuantileSeconds().get(0.95);
    double[] bounds = ObservationSettings.DEFAULT_LATENCY_BUCKETS_SECONDS;
    int bucket = 0;
    while (bounds[bucket] < truth) {
      bucket++;
    }
    double lower = bucket == 0 ? 0 : bounds[bucket - 1];
    assertThat(seen).isBetween(lower, bounds[bucket]);
    assertThat(seen).isNotCloseTo(truth, within(1e-3));
  }

  @Test
  void cpuAndMemoryAnswersMatchTheSteadyState() {
    SimulatedWorld world = world("");
    stepTo(world, 0, 180);
    PrometheusView view = world.observe(180).prometheus();
    // 60 rps over 3 pods at 50 ms each: 1 core per pod.
    assertThat(view.cpuCoresPerPod().getAsDouble()).isCloseTo(1.0, within(0.01));
    assertThat(view.cpuCoresPerPodHighPercentile().getAsDouble()).isCloseTo(1.0, within(0.02));
    assertThat(view.memoryBytesPerPodNow().getAsDouble()).isGreaterThan(256.0 * (1 << 20));
    assertThat(view.memoryBytesPerPodPeak().getAsDouble())
        .isGreaterThanOrEqualTo(view.memoryBytesPerPodNow().getAsDouble());
    assertThat(view.errorRatio().getAsDouble()).isLessThan(1e-6);
    assertThat(view.cpuThrottledRatio()).isPresent();
  }

  @Test
  void metricsServerHasNoSampleForANewPodYet() {
    SimulatedWorld world = world("");
    stepTo(world, 0, 30);
    world.apply(dev.headroom.sim.ControlAction.replicas(4, "test"), 30);
    stepTo(world, 31, 31);
    Observation observation = world.observe(31);
    assertThat(observation.pods()).hasSize(4);
    PodView fresh = observation.pods().stream().filter(p -> !p.ready()).findFirst().orElseThrow();
    assertThat(fresh.hasCpuSample()).isFalse();
    assertThat(observation.pods().stream().filter(PodView::ready))
        .allMatch(PodView::hasCpuSample)
        .allSatisfy(p -> assertThat(p.cpuCores()).isCloseTo(1.0, within(0.05)));
    assertThat(observation.readyPods()).isEqualTo(3);
  }

  @Test
  void anOomKilledPodShowsItHasBeenReadyAndMetricsServerDropsItsSampleAtTheNextScrape() {
    SimulatedWorld world = world("");
    stepTo(world, 0, 61);
    var pod = world.workload().pods().get(0);
    world.workload().oomKill(pod, 61);

    PodView killed = view(world.observe(61), pod.name());
    assertThat(killed.ready()).isFalse();
    assertThat(killed.readySince()).as("it has been Ready").isEqualTo(SimClock.instant(0));
    assertThat(killed.restarts()).isEqualTo(1);
    assertThat(killed.cpuCores()).as("the sample of second 60").isCloseTo(1.0, within(0.05));
    assertThat(killed.cpuSampleAt()).isEqualTo(SimClock.instant(60));

    stepTo(world, 62, 75);
    // Restarted at 61, 14 s before the scrape: the rate since its start, idle while starting.
    PodView restarting = view(world.observe(75), pod.name());
    assertThat(restarting.ready()).isFalse();
    assertThat(restarting.cpuCores()).isZero();
    assertThat(restarting.cpuSampleAt()).isEqualTo(SimClock.instant(75));
  }

  private static PodView view(Observation observation, String name) {
    return observation.pods().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
  }
}
