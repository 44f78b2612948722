package dev.headroom.sim.controllers;

import static dev.headroom.sim.controllers.GoReplicaCalcCase.COOL;
import static dev.headroom.sim.controllers.GoReplicaCalcCase.HOT;
import static dev.headroom.sim.controllers.GoReplicaCalcCase.currentReplicas;
import static dev.headroom.sim.controllers.PodPhase.FAILED;
import static dev.headroom.sim.controllers.PodPhase.PENDING;
import static dev.headroom.sim.controllers.PodPhase.RUNNING;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The CPU-resource and external-metric cases of kubernetes/kubernetes
 * pkg/controller/podautoscaler/replica_calculator_test.go, with their expected replica counts,
 * utilisations and raw values. Levels and requests are per container, two containers per pod, as
 * there; raw values are per pod ({@code numContainersPerPod * level}).
 */
class ReplicaCalculatorGoCasesTest {
  private static final boolean T = true;
  private static final boolean F = false;

  @Test
  @DisplayName("TestReplicaCalcScaleUp: 3 pods at 30/50/70 % of a 30 % target -> 5")
  void scaleUp() {
    assertResource(
        currentReplicas(3).requests(1000, 1000, 1000).levels(300, 500, 700).resourceReplicas(30),
        5,
        50,
        2 * 500);
  }

  @Test
  @DisplayName("TestReplicaCalcScaleUpUnreadyLessScale: an unready pod counts as 0 -> 4")
  void scaleUpUnreadyLessScale() {
    assertResource(
        currentReplicas(3)
            .readiness(F, T, T)
            .requests(1000, 1000, 1000)
            .levels(300, 500, 700)
            .resourceReplicas(30),
        4,
        60,
        2 * 600);
  }

  @Test
  @DisplayName("TestReplicaCalcScaleUpHotCpuLessScale: a pod in CPU initialization counts as 0")
  void scaleUpHotCpuLessScale() {
    assertResource(
        currentReplicas(3)
            .startTimes(HOT, COOL, COOL)
            .requests(1000, 1000, 1000)
            .levels(300, 500, 700)
            .resourceReplicas(30),
        4,
        60,
        2 * 600);
  }

  @Test
  @DisplayName("TestReplicaCalcScaleUpUnreadyNoScale: with unready pods at 0 the ratio flips")
  void scaleUpUnreadyNoScale() {
    assertResource(
        currentReplicas(3)
            .readiness(T, F, F)
            .requests(1000, 1000, 1000)
            .levels(400, 500, 700)
            .resourceReplicas(30),
        3,
        40,
        2 * 400);
  }

  @Test
  @DisplayName("TestReplicaCalcScaleHotCpuNoScale")
  void scaleHotCpuNoScale() {
    assertResource(
        currentReplicas(3)
            .readiness(T, F, F)
            .startTimes(COOL, HOT, HOT)
            .requests(1000, 1000, 1000)
            .levels(400, 500, 700)
            .resourceReplicas(30),
        3,
        40,
        2 * 400);
  }

  @Test
  @DisplayName("TestReplicaCalcScaleUpIgnoresFailedPods")
  void scaleUpIgnoresFailedPods() {
    assertResource(
        currentReplicas(2)
            .readiness(T, T, F, F)
            .phases(RUNNING, RUNNING, FAILED, FAILED)
            .requests(1000, 1000, 1000, 1000)
            .levels(500, 700)
            .resourceReplicas(30),
        4,
        60,
        2 * 600);
  }

  @Test
  @DisplayName("TestReplicaCalcScaleUpIgnoresDeletionPods")
  void scaleUpIgnoresDeletionPods() {
    assertResource(
        currentReplicas(2)
            .readiness(T, T, F, F)
            .phases(RUNNING, RUNNING, RUNNING, RUNNING)
            .deleting(F, F, T, T)
            .requests(1000, 1000, 1000, 1000)
            .levels(500, 700)
            .resourceReplicas(30),
        4,
        60,
        2 * 600);
  }

  @Test
  @DisplayName("TestReplicaCalcScaleDown: 5 pods at 28 % of a 50 % target -> 3")
  void scaleDown() {
    assertResource(
        currentReplicas(5)
            .requests(1000, 1000, 1000, 1000, 1000)
            .levels(100, 300, 500, 250, 250)
            .resourceReplicas(50),
        3,
        28,
        2 * 280);
  }

  @Test
  @DisplayName("TestReplicaCalcScaleDownExcludeUnreadyPods")
  void scaleDownExcludeUnreadyPods() {
    assertResource(
        currentReplicas(5)
            .readiness(T, T, T, F, F)
            .requests(1000, 1000, 1000, 1000, 1000)
            .levels(100, 300, 500, 250, 250)
            .resourceReplicas(50),
        2,
        30,
        2 * 300);
  }

  @Test
  @DisplayName("TestReplicaCalcScaleDownExcludeUnscheduledPods: Pending pods are set aside")
  void scaleDownExcludeUnscheduledPods() {
    assertResource(
        currentReplicas(5)
            .readiness(T, F, F, F, F)
            .phases(RUNNING, PENDING, PENDING, PENDING, PENDING)
            .requests(1000, 1000, 1000, 1000, 1000)
            .levels(100)
            .resourceReplicas(50),
        1,
        10,
        2 * 100);
  }

  @Test
  @DisplayName("TestReplicaCalcScaleDownIgnoreHotCpuPods")
  void scaleDownIgnoreHotCpuPods() {
    assertResource(
        currentReplicas(5)
            .startTimes(COOL, COOL, COOL, HOT, HOT)
            .requests(1000, 1000, 1000, 1000, 1000)
            .levels(100, 300, 500, 250, 250)
            .resourceReplicas(50),
        2,
        30,
        2 * 300);
  }

  @Test
  @DisplayName("TestReplicaCalcScaleDownIgnoresFailedPods")
  void scaleDownIgnoresFailedPods() {
    assertResource(
        currentReplicas(5)
            .readiness(T, T, T, T, T, F, F)
            .phases(RUNNING, RUNNING, RUNNING, RUNNING, RUNNING, FAILED, FAILED)
            .requests(1000, 1000, 1000, 1000, 1000, 1000, 1000)
            .levels(100, 300, 500, 250, 250)
            .resourceReplicas(50),
        3,
        28,
        2 * 280);
  }

  @Test
  @DisplayName("TestReplicaCalcScaleDownIgnoresDeletionPods")
  void scaleDownIgnoresDeletionPods() {
    assertResource(
        currentReplicas(5)
            .readiness(T, T, T, T, T, F, F)
            .phases(RUNNING, RUNNING, RUNNING, RUNNING, RUNNING, RUNNING, RUNNING)
            .deleting(F, F, F, F, F, T, T)
            .requests(1000, 1000, 1000, 1000, 1000, 1000, 1000)
            .levels(100, 300, 500, 250, 250)
            .resourceReplicas(50),
        3,
        28,
        2 * 280);
  }

  @Test
  @DisplayName("TestReplicaCalcTolerance: 102 % of a 100 % target is within 0.1")
  void tolerance() {
    assertResource(
        currentReplicas(3).requests(900, 1000, 1100).levels(1010, 1030, 1020).resourceReplicas(100),
        3,
        102,
        2 * 1020);
  }

  @Test
  @DisplayName("TestReplicaCalcSuperfluousMetrics: samples of unlisted pods are skipped")
  void superfluousMetrics() {
    assertResource(
        currentReplicas(4)
            .requests(1000, 1000, 1000, 1000)
            .levels(4000, 9500, 3000, 7000, 3200, 2000)
            .resourceReplicas(100),
        24,
        587,
        2 * 5875);
  }

  @Test
  @DisplayName("TestReplicaCalcMissingMetrics: missing pods count as 100 % on a scale-down")
  void missingMetrics() {
    assertResource(
        currentReplicas(4).requests(1000, 1000, 1000, 1000).levels(400, 95).resourceReplicas(100),
        3,
        24,
        495);
  }

  @Test
  @DisplayName("TestReplicaCalcEmptyMetrics")
  void emptyMetrics() {
    Outcome<ResourceReplicas> outcome =
        currentReplicas(4).requests(1000, 1000, 1000).resourceReplicas(100);

    assertThat(outcome.succeeded()).isFalse();
    assertThat(outcome.failure())
        .contains(
            "unable to get metrics for resource cpu: no metrics returned from resource metrics"
                + " API");
  }

  @Test
  @DisplayName("TestReplicaCalcEmptyCPURequest")
  void emptyCpuRequest() {
    Outcome<ResourceReplicas> outcome = currentReplicas(1).levels(200).resourceReplicas(100);

    assertThat(outcome.failure()).contains("missing request for");
  }

  @Test
  @DisplayName("TestReplicaCalcDisjointResourcesMetrics")
  void disjointResourcesMetrics() {
    Outcome<ResourceReplicas> outcome =
        currentReplicas(1)
            .requests(1000)
            .levels(100)
            .metricPodNames("an-older-pod-name")
            .resourceReplicas(100);

    assertThat(outcome.failure()).contains("no metrics returned matched known pods");
  }

  @Test
  @DisplayName("TestReplicaCalcMissingMetricsNoChangeEq")
  void missingMetricsNoChangeEq() {
    assertResource(
        currentReplicas(2).requests(1000, 1000).levels(1000).resourceReplicas(100),
        2,
        100,
        2 * 1000);
  }

  @Test
  @DisplayName(
      "TestReplicaCalcMissingMetricsNoChangeGt: the missing pod at 0 brings 190 % in range")
  void missingMetricsNoChangeGt() {
    assertResource(
        currentReplicas(2).requests(1000, 1000).levels(1900).resourceReplicas(100),
        2,
        190,
        2 * 1900);
  }

  @Test
  @DisplayName("TestReplicaCalcMissingMetricsNoChangeLt: the missing pod at 100 % flips the ratio")
  void missingMetricsNoChangeLt() {
    assertResource(
        currentReplicas(2).requests(1000, 1000).levels(600).resourceReplicas(100), 2, 60, 2 * 600);
  }

  @Test
  @DisplayName("TestReplicaCalcMissingMetricsUnreadyChange")
  void missingMetricsUnreadyChange() {
    assertResource(
        currentReplicas(3)
            .readiness(F, T, T)
            .requests(1000, 1000, 1000)
            .levels(100, 450)
            .resourceReplicas(50),
        3,
        45,
        2 * 450);
  }

  @Test
  @DisplayName("TestReplicaCalcMissingMetricsHotCpuNoChange")
  void missingMetricsHotCpuNoChange() {
    assertResource(
        currentReplicas(3)
            .startTimes(HOT, COOL, COOL)
            .requests(1000, 1000, 1000)
            .levels(100, 450)
            .resourceReplicas(50),
        3,
        45,
        2 * 450);
  }

  @Test
  @DisplayName("TestReplicaCalcMissingMetricsUnreadyScaleUp")
  void missingMetricsUnreadyScaleUp() {
    assertResource(
        currentReplicas(3)
            .readiness(F, T, T)
            .requests(1000, 1000, 1000)
            .levels(100, 2000)
            .resourceReplicas(50),
        4,
        200,
        2 * 2000);
  }

  @Test
  @DisplayName("TestReplicaCalcMissingMetricsHotCpuScaleUp")
  void missingMetricsHotCpuScaleUp() {
    assertResource(
        currentReplicas(3)
            .readiness(F, T, T)
            .startTimes(HOT, COOL, COOL)
            .requests(1000, 1000, 1000)
            .levels(100, 2000)
            .resourceReplicas(50),
        4,
        200,
        2 * 2000);
  }

  @Test
  @DisplayName("TestReplicaCalcMissingMetricsUnreadyScaleDown")
  void missingMetricsUnreadyScaleDown() {
    assertResource(
        currentReplicas(4)
            .readiness(F, T, T, T)
            .requests(1000, 1000, 1000, 1000)
            .levels(100, 100, 100)
            .resourceReplicas(50),
        3,
        10,
        2 * 100);
  }

  @Test
  @DisplayName(
      "TestReplicaCalcMissingMetricsScaleDownTargetOver100: a missing pod counts at the target")
  void missingMetricsScaleDownTargetOver100() {
    assertResource(
        currentReplicas(4)
            .readiness(F, T, T, T)
            .requests(1000, 1000, 2000, 2000)
            .levels(200, 100, 100)
            .resourceReplicas(300),
        2,
        6,
        2 * 100);
  }

  @Test
  @DisplayName("TestReplicaCalcDuringRollingUpdateWithMaxSurge")
  void duringRollingUpdateWithMaxSurge() {
    assertResource(
        currentReplicas(2)
            .phases(RUNNING, RUNNING, RUNNING)
            .requests(1000, 1000, 1000)
            .levels(100, 100)
            .resourceReplicas(50),
        2,
        10,
        2 * 100);
  }

  @Test
  @DisplayName(
      "TestReplicaCalcComputedToleranceAlgImplementation: just past the tolerance scales, just"
          + " inside does not")
  void computedToleranceAlgImplementation() {
    int startPods = 10;
    long totalUsedCpu = startPods * 150L;
    int totalRequestedCpu = (int) (2 * totalUsedCpu);
    double requestedToUsed = (double) (totalRequestedCpu / (int) totalUsedCpu);
    int perPodRequested = totalRequestedCpu / startPods;
    double target = Math.abs(1 / (requestedToUsed * (1 - 0.1))) + .01;
    int finalCpuPercentTarget = (int) (target * 100);
    double resourcesUsedRatio = totalUsedCpu / (totalRequestedCpu * target);
    int finalPods = (int) Math.ceil(resourcesUsedRatio * startPods);
    GoReplicaCalcCase scenario =
        currentReplicas(startPods)
            .levels(150, 150, 150, 150, 150, 150, 150, 150, 150, 150)
            .requests(
                perPodRequested + 100,
                perPodRequested - 100,
                perPodRequested + 10,
                perPodRequested - 10,
                perPodRequested + 2,
                perPodRequested - 2,
                perPodRequested + 1,
                perPodRequested - 1,
                perPodRequested,
                perPodRequested);
    int expectedUtilization = (int) (totalUsedCpu * 100 / totalRequestedCpu);

    assertThat(finalPods).isEqualTo(9);
    assertResource(
        scenario.resourceReplicas(finalCpuPercentTarget), finalPods, expectedUtilization, 2 * 150);

    int nearTarget = (int) ((Math.abs(1 / (requestedToUsed * (1 - 0.1))) + .004) * 100);
    assertResource(scenario.resourceReplicas(nearTarget), startPods, expectedUtilization, 2 * 150);
  }

  @Test
  @DisplayName(
      "TestReplicaCalcScaleUpCMExternalIgnoresUnreadyPods: a Value target scales the ready pods")
  void externalIgnoresUnreadyPods() {
    assertExternal(currentReplicas(3).readiness(F, T, F).externalReplicas(4400, 8600), 2, 8600);
  }

  @Test
  @DisplayName("TestReplicaCalcScaleDownCMExternal")
  void externalScaleDown() {
    assertExternal(currentReplicas(5).externalReplicas(14334, 8600), 3, 8600);
  }

  @Test
  @DisplayName("TestReplicaCalcToleranceCMExternal")
  void externalTolerance() {
    assertExternal(currentReplicas(3).externalReplicas(8888, 8600), 3, 8600);
  }

  @Test
  @DisplayName("TestReplicaCalcScaleUpPerPodCMExternal: an AverageValue target, usage per pod")
  void externalPerPodScaleUp() {
    assertExternal(currentReplicas(3).externalPerPodReplicas(2150, 8600), 4, 2867);
  }

  @Test
  @DisplayName("TestReplicaCalcScaleDownPerPodCMExternal")
  void externalPerPodScaleDown() {
    assertExternal(currentReplicas(5).externalPerPodReplicas(2867, 8600), 3, 1720);
  }

  @Test
  @DisplayName("TestReplicaCalcTolerancePerPodCMExternal")
  void externalPerPodTolerance() {
    assertExternal(currentReplicas(3).externalPerPodReplicas(2900, 8600), 3, 2867);
  }

  private static void assertResource(
      Outcome<ResourceReplicas> outcome, int replicas, int utilizationPercent, long rawMillis) {
    assertThat(outcome.failure()).isNull();
    assertThat(outcome.value())
        .isEqualTo(new ResourceReplicas(replicas, utilizationPercent, rawMillis));
  }

  private static void assertExternal(
      Outcome<ExternalReplicas> outcome, int replicas, long usageMillis) {
    assertThat(outcome.failure()).isNull();
    assertThat(outcome.value()).isEqualTo(new ExternalReplicas(replicas, usageMillis));
  }
}
