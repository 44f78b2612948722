package dev.headroom.sim.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.headroom.sim.Resources;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class DeploymentTest {
  private static final long MI = 1L << 20;
  private static final Resources SMALL = new Resources(500, 1000, 256 * MI, 512 * MI);
  private static final Resources LARGE = new Resources(1000, 2000, 512 * MI, 1024 * MI);
  private static final int STARTUP = 20;

  private static Deployment deployment(int replicas) {
    return new Deployment(
        SMALL,
        replicas,
        new Deployment.PodStartup(STARTUP, 0, new SplittableRandom(1)),
        100 * MI,
        4);
  }

  @Test
  void initialPodsAreReadyAtTheStart() {
    Deployment deployment = deployment(3);
    deployment.reconcile(0);
    assertThat(deployment.readyPods()).hasSize(3);
  }

  @Test
  void newPodsBecomeReadyOnlyAfterTheirStartUpTime() {
    Deployment deployment = deployment(2);
    deployment.reconcile(0);
    deployment.scale(5);
    deployment.reconcile(10);
    assertThat(deployment.pods()).hasSize(5);
    for (int second = 10; second < 10 + STARTUP; second++) {
      deployment.reconcile(second);
      assertThat(deployment.readyPods()).as("second %d", second).hasSize(2);
    }
    deployment.reconcile(10 + STARTUP);
    assertThat(deployment.readyPods()).hasSize(5);
  }

  @Test
  void startUpJitterIsSeededAndBounded() {
    Deployment.PodStartup startup = new Deployment.PodStartup(100, 0.2, new SplittableRandom(7));
    Deployment.PodStartup same = new Deployment.PodStartup(100, 0.2, new SplittableRandom(7));
    boolean varied = false;
    for (int i = 0; i < 50; i++) {
      int seconds = startup.nextSeconds();
      assertThat(seconds).isBetween(80, 120).isEqualTo(same.nextSeconds());
      varied |= seconds != 100;
    }
    assertThat(varied).isTrue();
    assertThat(startup.maxSeconds()).isEqualTo(120);
  }

  @Test
  void scaleDownDeletesUnreadyPodsThenTheMostRecentlyReady() {
    Deployment deployment = deployment(2); // pod 0 and 1, Ready at 0
    deployment.reconcile(0);
    deployment.scale(3);
    deployment.reconcile(5); // pod 2, Ready at 25
    deployment.scale(4);
    deployment.reconcile(10); // pod 3, Ready at 30
    deployment.reconcile(30);
    deployment.scale(5);
    deployment.reconcile(40); // pod 4, starting
    assertThat(deployment.readyPods()).hasSize(4);

    deployment.scale(3);
    deployment.reconcile(41);
    // The unready pod goes first, then the pod Ready for the shortest time.
    assertThat(names(deployment.pods()))
        .containsExactly("pod-r1-00000", "pod-r1-00001", "pod-r1-00002");

    deployment.scale(1);
    deployment.reconcile(42);
    // The two initial pods became Ready at the same second: the newer one goes.
    assertThat(names(deployment.pods())).containsExactly("pod-r1-00000");
  }

  @Test
  void aRestartedPodIsDeletedBeforeItsPeersWithTheSameReadiness() {
    Deployment deployment = deployment(3);
    deployment.reconcile(0);
    Pod first = deployment.pods().get(0);
    deployment.oomKill(first, 1);
    deployment.reconcile(1);
    assertThat(first.ready()).isFalse();
    deployment.scale(2);
    deployment.reconcile(2);
    assertThat(deployment.pods()).doesNotContain(first);
  }

  @Test
  void anOomKilledPodRestartsInPlaceAndIsReadyAfterStartUp() {
    Deployment deployment = deployment(1);
    deployment.reconcile(0);
    Pod pod = deployment.pods().get(0);
    deployment.oomKill(pod, 100);
    assertThat(pod.restarts()).isEqualTo(1);
    assertThat(pod.workingSetBytes()).isEqualTo(100 * MI);
    assertThat(deployment.oomKillSeconds()).containsExactly(100);
    deployment.reconcile(100 + STARTUP - 1);
    assertThat(pod.ready()).isFalse();
    deployment.reconcile(100 + STARTUP);
    assertThat(pod.ready()).isTrue();
    assertThat(deployment.pods()).containsExactly(pod);
  }

  @Test
  void repeatedCrashesBackOffBeforeRestarting() {
    assertThat(CrashBackoff.delaySeconds(1)).isZero();
    assertThat(CrashBackoff.delaySeconds(2)).isEqualTo(10);
    assertThat(CrashBackoff.delaySeconds(3)).isEqualTo(20);
    assertThat(CrashBackoff.delaySeconds(10)).isEqualTo(300);
    Deployment deployment = deployment(1);
    deployment.reconcile(0);
    Pod pod = deployment.pods().get(0);
    deployment.oomKill(pod, 0);
    deployment.reconcile(STARTUP);
    assertThat(pod.ready()).isTrue();
    deployment.oomKill(pod, STARTUP);
    deployment.reconcile(2 * STARTUP);
    assertThat(pod.ready()).as("second crash waits 10 s more").isFalse();
    deployment.reconcile(2 * STARTUP + 10);
    assertThat(pod.ready()).isTrue();
  }

  @Test
  void rolloutBoundsRoundLikeKubernetes() {
    assertThat(RolloutBounds.of(4, 0.25, 0.25)).isEqualTo(new RolloutBounds(1, 1));
    assertThat(RolloutBounds.of(10, 0.25, 0.25)).isEqualTo(new RolloutBounds(3, 2));
    assertThat(RolloutBounds.of(1, 0.25, 0.25)).isEqualTo(new RolloutBounds(1, 0));
    assertThat(RolloutBounds.of(0, 0.25, 0.25)).isEqualTo(new RolloutBounds(0, 1));
  }

  /** Every size from 1 to 30 replicas. */
  static IntStream replicaCounts() {
    return IntStream.rangeClosed(1, 30);
  }

  @ParameterizedTest(name = "replicas={0}")
  @MethodSource("replicaCounts")
  void aRollingUpdateStaysWithinSurgeAndUnavailabilityAndFinishes(int replicas) {
    Deployment deployment = deployment(replicas);
    deployment.reconcile(0);
    deployment.updateResources(LARGE);
    RolloutBounds bounds = RolloutBounds.of(replicas, 0.25, 0.25);
    int second = 1;
    for (; second < 2000 && deployment.rolling(); second++) {
      deployment.reconcile(second);
      assertThat(deployment.pods().size())
          .as("pods at second %d", second)
          .isLessThanOrEqualTo(replicas + bounds.maxSurge());
      assertThat(deployment.readyPods().size())
          .as("Ready pods at second %d", second)
          .isGreaterThanOrEqualTo(replicas - bounds.maxUnavailable());
    }
    assertThat(deployment.rolling()).isFalse();
    deployment.reconcile(second + STARTUP);
    assertThat(deployment.pods()).hasSize(replicas).allMatch(p -> p.resources().equals(LARGE));
    assertThat(deployment.readyPods()).hasSize(replicas);
  }

  @Test
  void metricsServerReportsTheCpuRateBetweenTwoScrapes() {
    Deployment deployment = deployment(1);
    Pod pod = deployment.pods().get(0);
    deployment.takeCpuSamples(0);
    assertThat(pod.cpuSampleCores()).isNaN();
    for (int second = 0; second < 15; second++) {
      pod.counters().add(10, 0, 1, new double[] {5, 8, 10, 10}, 0.4, 0, 0);
    }
    deployment.takeCpuSamples(15);
    assertThat(pod.cpuSampleCores()).isEqualTo(0.4, org.assertj.core.api.Assertions.within(1e-9));
    assertThat(pod.cpuSampleAtSecond()).isEqualTo(15);
  }

  @Test
  void metricsServerKeepsAKilledContainersSampleUntilItsNextScrapeThenPairsOnlyTheNewContainer() {
    Deployment deployment = deployment(1);
    Pod pod = deployment.pods().get(0);
    deployment.reconcile(0);
    deployment.takeCpuSamples(0);
    pod.counters().add(150, 0, 1, new double[] {75, 120, 150, 150}, 15, 0, 0);
    deployment.takeCpuSamples(15);
    assertThat(pod.cpuSampleCores()).isEqualTo(1.0, within(1e-9));

    // Killed at 17 (first crash: restarts at once, Ready again 20 s later).
    deployment.oomKill(pod, 17);
    assertThat(pod.ready()).isFalse();
    assertThat(pod.lastReadySinceSecond()).isZero();
    assertThat(pod.cpuSampleCores()).as("until the next scrape").isEqualTo(1.0, within(1e-9));
    assertThat(pod.cpuSampleAtSecond()).isEqualTo(15);

    // At 30 the new container is 13 s old: metrics-server pairs it with a zero at its start.
    pod.counters().add(0, 0, 0, new double[] {0, 0, 0, 0}, 2.6, 0, 0);
    deployment.takeCpuSamples(30);
    assertThat(pod.cpuSampleCores()).isEqualTo(0.2, within(1e-9));
    assertThat(pod.cpuSampleAtSecond()).isEqualTo(30);
    pod.counters().add(0, 0, 0, new double[] {0, 0, 0, 0}, 3, 0, 0);
    deployment.takeCpuSamples(45);
    assertThat(pod.cpuSampleCores()).isEqualTo(0.2, within(1e-9));
    deployment.reconcile(37);
    assertThat(pod.ready()).isTrue();
    assertThat(pod.lastReadySinceSecond()).isEqualTo(37);
  }

  @Test
  void metricsServerHasNoSampleForAContainerYoungerThanTenSecondsOrInCrashBackOff() {
    Deployment deployment = deployment(1);
    Pod pod = deployment.pods().get(0);
    deployment.reconcile(0);
    deployment.takeCpuSamples(0);
    // First crash at 8: restarts at once, 7 s before the scrape at 15.
    deployment.oomKill(pod, 8);
    deployment.takeCpuSamples(15);
    assertThat(pod.cpuSampleCores()).isNaN();
    pod.counters().add(0, 0, 0, new double[] {0, 0, 0, 0}, 1.5, 0, 0);
    deployment.takeCpuSamples(30);
    assertThat(pod.cpuSampleCores()).isEqualTo(0.1, within(1e-9));

    // Second crash in a row at 31: a 10 s back-off, so no container runs at 40 ... 41.
    deployment.oomKill(pod, 31);
    assertThat(pod.containerStartSecond()).isEqualTo(41);
    deployment.takeCpuSamples(40);
    assertThat(pod.cpuSampleCores()).as("not running: the kubelet reports nothing").isNaN();
    assertThat(pod.cpuSampleAtSecond()).isEqualTo(-1);
    // Started at 41: 14 s before the scrape at 55, so that scrape alone gives a rate.
    deployment.takeCpuSamples(55);
    assertThat(pod.cpuSampleCores()).isZero();
  }

  private static List<String> names(List<Pod> pods) {
    return pods.stream().map(Pod::name).toList();
  }
}
