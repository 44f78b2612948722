package dev.headroom.sim.controllers;

import static dev.headroom.sim.controllers.ObservationBuilder.at;
import static org.assertj.core.api.Assertions.assertThat;

import dev.headroom.engine.behavior.Behavior;
import dev.headroom.engine.behavior.DirectionRules;
import dev.headroom.sim.ControlAction;
import dev.headroom.sim.PodView;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class HpaControllerTest {
  /**
   * A 100m target: 50 % of the builder's 200m request, with a spec.behavior left to its defaults:
   * the behavior path, shared with Headroom's engine.
   */
  private static final HpaController.Config FIFTY_PERCENT =
      HpaController.Config.withDefaultBehavior(50, 1, 20);

  /** The same HPA without spec.behavior, as users get it: the legacy path. */
  private static final HpaController.Config FIFTY_PERCENT_LEGACY =
      HpaController.Config.asUsersGetIt(50, 1, 20);

  @Test
  void isTheHpaSyncingEveryFifteenSeconds() {
    HpaController hpa = new HpaController(FIFTY_PERCENT);

    assertThat(hpa.name()).isEqualTo("hpa");
    assertThat(hpa.syncPeriod()).isEqualTo(Duration.ofSeconds(15));
  }

  @Test
  @DisplayName("200m per pod against a 100m target doubles the replicas")
  void doublesAtTwiceTheTarget() {
    ControlAction action =
        new HpaController(FIFTY_PERCENT).decide(at(0, 3).readyPods(3, 0.2).build());

    assertThat(action.replicas()).isEqualTo(6);
    assertThat(action.resources()).isEmpty();
    assertThat(action.note()).contains("cpu 100% of request (target 50%) wants 6");
  }

  @Test
  @DisplayName(
      "50m per pod against a 100m target halves the replicas, after the 300 s scale-down window")
  void halvesAtHalfTheTargetAfterTheWindow() {
    HpaController hpa = new HpaController(FIFTY_PERCENT);
    List<Integer> counts = new ArrayList<>();
    for (long second = 0; second <= 300; second += 15) {
      counts.add(hpa.decide(at(second, 4).readyPods(4, 0.05).build()).replicas());
    }

    assertThat(counts.subList(0, counts.size() - 1)).containsOnly(4);
    assertThat(counts.get(counts.size() - 1)).isEqualTo(2);
  }

  @Test
  @DisplayName("Without a usable metric it keeps the current replicas (ScalingActive=False)")
  void keepsReplicasWithoutMetrics() {
    HpaController hpa = new HpaController(FIFTY_PERCENT);

    ControlAction action = hpa.decide(at(0, 5).startingPods(5, 10).build());

    assertThat(action.replicas()).isEqualTo(5);
    assertThat(action.note())
        .startsWith("ScalingActive=False FailedGetResourceMetric")
        .contains("no metrics returned from resource metrics API");
  }

  @Test
  @DisplayName("Without CPU requests there is no utilisation, so no scaling")
  void keepsReplicasWithoutRequests() {
    ControlAction action =
        new HpaController(FIFTY_PERCENT)
            .decide(at(0, 2).cpuRequestMillis(0).readyPods(2, 0.5).build());

    assertThat(action.replicas()).isEqualTo(2);
    assertThat(action.note()).contains("missing request for cpu");
  }

  @Test
  @DisplayName("Starting pods without samples count as 0 on a scale-up, damping it")
  void startingPodsDampTheScaleUp() {
    HpaController hpa = new HpaController(FIFTY_PERCENT);

    // 2 ready pods at 200 % of target alone would ask for 4; with 2 starting pods at 0 the
    // recomputed ratio is 1.0, inside the tolerance, so the HPA waits.
    ControlAction action = hpa.decide(at(0, 4).readyPods(2, 0.2).startingPods(2, 20).build());

    assertThat(action.replicas()).isEqualTo(4);
  }

  @Test
  @DisplayName("A pod still in CPU initialization whose sample predates its readiness is set aside")
  void startUpBurstIsSetAside() {
    HpaController hpa = new HpaController(FIFTY_PERCENT);
    Instant now = ObservationBuilder.T0;
    // Ready 5 s ago, its 15 s sample still covers its start-up burst of 2 cores.
    PodView bursting =
        new PodView("bursting", now.minusSeconds(40), true, now.minusSeconds(5), 2.0, now, 1, 0);

    ControlAction action = hpa.decide(at(0, 3).readyPods(2, 0.1).pod(bursting).build());

    assertThat(action.replicas()).isEqualTo(3);
  }

  @Test
  @DisplayName("A count above maxReplicas goes straight to max, whatever the metrics")
  void correctsACountAboveMax() {
    ControlAction action =
        new HpaController(FIFTY_PERCENT).decide(at(0, 25).readyPods(25, 0.5).build());

    assertThat(action.replicas()).isEqualTo(20);
    assertThat(action.note()).isEqualTo("TooManyReplicas");
  }

  @Test
  @DisplayName("Scale-up follows the default policies: +4 pods or +100 % per 15 s")
  void scaleUpRateIsLimited() {
    HpaController hpa = new HpaController(FIFTY_PERCENT);

    // 1 pod at 1 core is 1000 % of the target: it wants 10, but may only go to 5.
    ControlAction action = hpa.decide(at(0, 1).readyPods(1, 1.0).build());

    assertThat(action.replicas()).isEqualTo(5);
    assertThat(action.note()).endsWith("ScaleUpLimit");
  }

  @Test
  @DisplayName("A scale-up cooldown (our extension) holds the next scale-up")
  void cooldownHoldsTheNextScaleUp() {
    Behavior cooled =
        Behavior.hpaDefaults()
            .withScaleUp(DirectionRules.hpaScaleUpDefaults().withCooldown(Duration.ofSeconds(60)));
    HpaController hpa = new HpaController(FIFTY_PERCENT.withBehavior(cooled));

    assertThat(hpa.decide(at(0, 2).readyPods(2, 0.2).build()).replicas()).isEqualTo(4);
    ControlAction held = hpa.decide(at(15, 4).readyPods(4, 0.2).build());
    assertThat(held.replicas()).isEqualTo(4);
    assertThat(held.note()).endsWith("ScaleUpCooldown");
    assertThat(hpa.decide(at(60, 4).readyPods(4, 0.2).build()).replicas()).isEqualTo(8);
  }

  @Test
  void isDeterministic() {
    HpaController first = new HpaController(FIFTY_PERCENT);
    HpaController second = new HpaController(FIFTY_PERCENT);
    double[] load = {0.2, 0.3, 0.05, 0.01, 0.4, 0.02};
    int replicasFirst = 3;
    int replicasSecond = 3;
    for (int i = 0; i < 40; i++) {
      double cores = load[i % load.length];
      ControlAction a =
          first.decide(at(15L * i, replicasFirst).readyPods(replicasFirst, cores).build());
      ControlAction b =
          second.decide(at(15L * i, replicasSecond).readyPods(replicasSecond, cores).build());
      assertThat(a).isEqualTo(b);
      replicasFirst = a.replicas();
      replicasSecond = b.replicas();
    }
  }

  @Test
  @DisplayName("metrics-server's CPU quantity rounds up to whole millicores")
  void cpuSamplesRoundUpToMillicores() {
    assertThat(ObservedPods.millicores(0.1234)).isEqualTo(124);
    assertThat(ObservedPods.millicores(0.3)).isEqualTo(300);
    assertThat(ObservedPods.millicores(0)).isZero();
  }

  @Test
  @DisplayName("An HPA without spec.behavior takes the legacy path; one with a behavior does not")
  void defaultsAreTheHpaWithoutBehavior() {
    assertThat(HpaController.Config.asUsersGetIt(50, 1, 20).hasBehavior()).isFalse();
    assertThat(HpaController.Config.defaults(50, 1, 20))
        .isEqualTo(HpaController.Config.asUsersGetIt(50, 1, 20));
    assertThat(FIFTY_PERCENT.behavior()).isEqualTo(Behavior.hpaDefaults());
    assertThat(FIFTY_PERCENT_LEGACY.withBehavior(Behavior.hpaDefaults())).isEqualTo(FIFTY_PERCENT);
    assertThat(FIFTY_PERCENT_LEGACY.downscaleStabilization()).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  @DisplayName("Legacy path: 1 replica goes to at most 4 in one sync (the behavior path allows 5)")
  void legacyScaleUpFromOneIsAtMostFour() {
    // 1 pod at 1 core is 1000 % of the target: it wants 10. max(2 x 1, 4) = 4.
    ControlAction legacy =
        new HpaController(FIFTY_PERCENT_LEGACY).decide(at(0, 1).readyPods(1, 1.0).build());
    ControlAction withBehavior =
        new HpaController(FIFTY_PERCENT).decide(at(0, 1).readyPods(1, 1.0).build());

    assertThat(legacy.replicas()).isEqualTo(4);
    assertThat(legacy.note()).contains("wants 10").endsWith("ScaleUpLimit");
    assertThat(withBehavior.replicas()).isEqualTo(5);
  }

  @Test
  @DisplayName("Legacy path: 10 replicas go to at most 20 in one sync, 3 to at most 6")
  void legacyScaleUpIsAtMostDouble() {
    HpaController.Config wide = HpaController.Config.asUsersGetIt(50, 1, 100);

    ControlAction fromTen = new HpaController(wide).decide(at(0, 10).readyPods(10, 1.0).build());
    ControlAction fromThree = new HpaController(wide).decide(at(0, 3).readyPods(3, 1.0).build());

    assertThat(fromTen.note()).contains("wants 100");
    assertThat(fromTen.replicas()).isEqualTo(20);
    assertThat(fromThree.replicas()).isEqualTo(6);
    // With a behavior, 3 may grow by max(4 pods, 100 %) = 7.
    assertThat(
            new HpaController(wide.withBehavior(Behavior.hpaDefaults()))
                .decide(at(0, 3).readyPods(3, 1.0).build())
                .replicas())
        .isEqualTo(7);
  }

  @Test
  @DisplayName(
      "Legacy path: a scale-down takes the highest recommendation of the last 5 min, one exactly"
          + " 300 s old included")
  void legacyScaleDownHeldByTheHighestRecommendation() {
    // 10 pods at the target (want 10) at t=0; at 54m (want 6) at t=60; at 18m (want 2) otherwise.
    HpaController legacy = new HpaController(FIFTY_PERCENT_LEGACY);
    HpaController withBehavior = new HpaController(FIFTY_PERCENT);
    List<Integer> legacyCounts = new ArrayList<>();
    List<Integer> behaviorCounts = new ArrayList<>();
    int legacyCurrent = 10;
    int behaviorCurrent = 10;
    for (long second = 0; second <= 375; second += 15) {
      double cores = second == 0 ? 0.1 : second == 60 ? 0.054 : 0.018;
      legacyCurrent =
          legacy
              .decide(at(second, legacyCurrent).readyPods(legacyCurrent, cores).build())
              .replicas();
      behaviorCurrent =
          withBehavior
              .decide(at(second, behaviorCurrent).readyPods(behaviorCurrent, cores).build())
              .replicas();
      legacyCounts.add(legacyCurrent);
      behaviorCounts.add(behaviorCurrent);
    }

    // Index i is second 15 i. Held at 10 through second 300 (the t=0 recommendation counts).
    assertThat(legacyCounts.subList(0, 21)).containsOnly(10);
    // At 315 to 360 the t=60 recommendation (6) is the highest left; from 375 only 2s remain.
    assertThat(legacyCounts.subList(21, 25)).containsOnly(6);
    assertThat(legacyCounts.get(25)).isEqualTo(2);
    // The behavior path's window excludes a recommendation exactly 300 s old: it moves at 300.
    assertThat(behaviorCounts.subList(0, 20)).containsOnly(10);
    assertThat(behaviorCounts.get(20)).isEqualTo(6);
  }

  @Test
  @DisplayName("Legacy path: clamped to maxReplicas, and a count outside the bounds goes to them")
  void legacyClampsToTheBounds() {
    HpaController.Config narrow = HpaController.Config.asUsersGetIt(50, 3, 5);

    ControlAction capped = new HpaController(narrow).decide(at(0, 4).readyPods(4, 1.0).build());
    ControlAction above = new HpaController(narrow).decide(at(0, 9).readyPods(9, 0.01).build());
    ControlAction below = new HpaController(narrow).decide(at(0, 1).readyPods(1, 1.0).build());

    assertThat(capped.replicas()).isEqualTo(5);
    assertThat(capped.note()).contains("wants 40").endsWith("TooManyReplicas");
    assertThat(above.replicas()).isEqualTo(5);
    assertThat(above.note()).isEqualTo("TooManyReplicas");
    assertThat(below.replicas()).isEqualTo(3);
    assertThat(below.note()).isEqualTo("TooFewReplicas");
  }

  @Test
  @DisplayName("Legacy path: after the window a recommendation below minReplicas gives the minimum")
  void legacyClampsToTheMinimum() {
    HpaController hpa = new HpaController(HpaController.Config.asUsersGetIt(50, 3, 20));
    List<ControlAction> actions = new ArrayList<>();
    for (long second = 0; second <= 315; second += 15) {
      actions.add(hpa.decide(at(second, 6).readyPods(6, 0.002).build()));
    }

    assertThat(actions.get(0).note()).contains("wants 1");
    assertThat(actions.subList(0, 21)).allSatisfy(a -> assertThat(a.replicas()).isEqualTo(6));
    assertThat(actions.get(21).replicas()).isEqualTo(3);
    assertThat(actions.get(21).note()).endsWith("TooFewReplicas");
  }

  @Test
  @DisplayName(
      "A pod past CPU initialization that is not Ready but has been Ready counts with its sample;"
          + " one never Ready is set aside")
  void restartedPodCountsAfterInitialization() {
    Instant now = ObservationBuilder.T0;
    Instant created = now.minus(Duration.ofHours(1));
    // Its container was OOM-killed and is starting again: not Ready, idle.
    PodView restarted =
        new PodView("restarted", created, false, created.plusSeconds(20), 0.0, now, 1, 1);
    PodView neverReady = new PodView("never", created, false, null, 0.0, now, 1, 0);

    ControlAction counted =
        new HpaController(FIFTY_PERCENT_LEGACY)
            .decide(at(0, 4).readyPods(3, 0.1).pod(restarted).build());
    ControlAction setAside =
        new HpaController(FIFTY_PERCENT_LEGACY)
            .decide(at(0, 4).readyPods(3, 0.1).pod(neverReady).build());

    // (3 x 100m + 0) / 800m = 37 % of request, 0.74 of the target: ceil(0.74 x 4) = 3.
    assertThat(counted.note()).contains("cpu 37% of request").contains("wants 3");
    // Without it the three Ready pods are exactly at the target.
    assertThat(setAside.note()).contains("cpu 50% of request").contains("wants 4");
  }
}
