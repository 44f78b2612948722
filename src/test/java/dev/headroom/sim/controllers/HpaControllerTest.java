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
  /** A 100m target: 50 % of the builder's 200m request. */
  private static final HpaController.Config FIFTY_PERCENT =
      HpaController.Config.defaults(50, 1, 20);

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
}
