package dev.headroom.sim.controllers;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The CPU cases of TestGroupPods (replica_calculator_test.go); initialization 2 min, delay 10 s.
 */
class PodGroupsTest {
  private static final Instant NOW = GoReplicaCalcCase.NOW;
  private static final Duration INITIALIZATION = Duration.ofMinutes(2);
  private static final Duration DELAY = Duration.ofSeconds(10);
  private static final PodMetric BARE_SAMPLE =
      new PodMetric(1, GoReplicaCalcCase.GO_ZERO_TIME, Duration.ZERO);

  @Test
  @DisplayName("TestGroupPods: void")
  void noPods() {
    assertThat(group(List.of(), Map.of()))
        .isEqualTo(new PodGroups(0, Set.of(), Set.of(), Set.of()));
  }

  @Test
  @DisplayName("TestGroupPods: unready a pod without ready condition - CPU")
  void podWithoutReadyCondition() {
    PodStatus pod = pod("lucretius", PodPhase.SUCCEEDED, NOW, Optional.empty());

    assertThat(group(List.of(pod), Map.of("lucretius", BARE_SAMPLE)).unready())
        .containsExactly("lucretius");
  }

  @Test
  @DisplayName(
      "TestGroupPods: count in a ready pod with fresh metrics during initialization period - CPU")
  void freshSampleDuringInitialization() {
    PodStatus pod = pod("bentham", ago(60), ready(true, ago(30)));
    PodMetric sample = new PodMetric(1, NOW, Duration.ofSeconds(30));

    assertThat(group(List.of(pod), Map.of("bentham", sample)).readyCount()).isEqualTo(1);
  }

  @Test
  @DisplayName(
      "TestGroupPods: unready a ready pod without fresh metrics during initialization period -"
          + " CPU")
  void staleSampleDuringInitialization() {
    PodStatus pod = pod("bentham", ago(60), ready(true, ago(30)));
    PodMetric sample = new PodMetric(1, NOW, Duration.ofSeconds(60));

    PodGroups groups = group(List.of(pod), Map.of("bentham", sample));
    assertThat(groups.readyCount()).isZero();
    assertThat(groups.unready()).containsExactly("bentham");
  }

  @Test
  @DisplayName("TestGroupPods: unready an unready pod during initialization period - CPU")
  void unreadySoonAfterStart() {
    PodStatus pod = pod("lucretius", ago(600), ready(false, ago(594)));

    assertThat(group(List.of(pod), Map.of("lucretius", BARE_SAMPLE)).unready())
        .containsExactly("lucretius");
  }

  @Test
  @DisplayName(
      "TestGroupPods: count in a ready pod without fresh metrics after initialization period -"
          + " CPU")
  void staleSampleAfterInitialization() {
    PodStatus pod = pod("bentham", ago(180), ready(true, ago(180)));
    PodMetric sample = new PodMetric(1, NOW.minusSeconds(120), Duration.ofMinutes(1));

    assertThat(group(List.of(pod), Map.of("bentham", sample)).readyCount()).isEqualTo(1);
  }

  @Test
  @DisplayName(
      "TestGroupPods: count in an unready pod that was ready after initialization period - CPU")
  void unreadyPodThatWasReady() {
    PodStatus pod = pod("lucretius", ago(600), ready(false, ago(540)));

    assertThat(group(List.of(pod), Map.of("lucretius", BARE_SAMPLE)).readyCount()).isEqualTo(1);
  }

  @Test
  @DisplayName(
      "TestGroupPods: unready pod that has never been ready after initialization period - CPU"
          + " (exactly at the delay it counts, as in Go)")
  void unreadyExactlyAtTheDelay() {
    PodStatus pod = pod("lucretius", ago(600), ready(false, ago(590)));

    assertThat(group(List.of(pod), Map.of("lucretius", BARE_SAMPLE)).readyCount()).isEqualTo(1);
  }

  @Test
  @DisplayName("TestGroupPods: a missing pod")
  void missingPod() {
    PodStatus pod = pod("epicurus", PodPhase.SUCCEEDED, ago(180), Optional.empty());

    assertThat(group(List.of(pod), Map.of()).missing()).containsExactly("epicurus");
  }

  @Test
  @DisplayName("TestGroupPods: several pods")
  void severalPods() {
    List<PodStatus> pods =
        List.of(
            pod("lucretius", PodPhase.SUCCEEDED, NOW, Optional.empty()),
            pod("niccolo", ago(180), ready(true, ago(180))),
            pod("epicurus", PodPhase.SUCCEEDED, ago(180), Optional.empty()));

    PodGroups groups = group(pods, Map.of("lucretius", BARE_SAMPLE, "niccolo", BARE_SAMPLE));

    assertThat(groups)
        .isEqualTo(new PodGroups(1, Set.of("lucretius"), Set.of("epicurus"), Set.of()));
  }

  @Test
  @DisplayName("TestGroupPods: pending pods are unreadied; deleted and failed pods are ignored")
  void pendingDeletedAndFailedPods() {
    PodStatus pending = pod("unscheduled", PodPhase.PENDING, null, Optional.empty());
    PodStatus deleted =
        new PodStatus(
            "deleted", PodPhase.PENDING, true, null, Optional.empty(), OptionalLong.of(100));
    PodStatus failed = pod("failed", PodPhase.FAILED, null, Optional.empty());

    PodGroups groups =
        group(
            List.of(pending, deleted, failed),
            Map.of("deleted", BARE_SAMPLE, "failed", BARE_SAMPLE));

    assertThat(groups)
        .isEqualTo(new PodGroups(0, Set.of("unscheduled"), Set.of(), Set.of("deleted", "failed")));
  }

  private static PodGroups group(List<PodStatus> pods, Map<String, PodMetric> metrics) {
    return PodGroups.ofCpu(pods, metrics, INITIALIZATION, DELAY, NOW);
  }

  private static PodStatus pod(String name, Instant start, Optional<ReadyCondition> ready) {
    return pod(name, PodPhase.SUCCEEDED, start, ready);
  }

  private static PodStatus pod(
      String name, PodPhase phase, Instant start, Optional<ReadyCondition> ready) {
    return new PodStatus(name, phase, false, start, ready, OptionalLong.of(100));
  }

  private static Optional<ReadyCondition> ready(boolean ready, Instant since) {
    return Optional.of(new ReadyCondition(ready, since));
  }

  private static Instant ago(long seconds) {
    return NOW.minusSeconds(seconds);
  }
}
