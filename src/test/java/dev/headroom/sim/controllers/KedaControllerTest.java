package dev.headroom.sim.controllers;

import static dev.headroom.sim.controllers.ObservationBuilder.at;
import static org.assertj.core.api.Assertions.assertThat;

import dev.headroom.engine.behavior.Behavior;
import dev.headroom.sim.ControlAction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class KedaControllerTest {
  private static final KedaController.Config HUNDRED_RPS_PER_REPLICA =
      KedaController.Config.requestRate(100, 1, 20);
  private static final KedaController.Config P95_UNDER_250_MS =
      KedaController.Config.latency(0.95, 0.25, 1, 20);

  @Test
  void pollsEveryThirtySecondsByDefault() {
    KedaController keda = new KedaController(HUNDRED_RPS_PER_REPLICA);

    assertThat(keda.name()).isEqualTo("keda");
    assertThat(keda.syncPeriod()).isEqualTo(Duration.ofSeconds(30));
    assertThat(
            new KedaController(HUNDRED_RPS_PER_REPLICA.withPollingInterval(Duration.ofSeconds(15)))
                .syncPeriod())
        .isEqualTo(Duration.ofSeconds(15));
  }

  @Test
  @DisplayName("Request rate with an AverageValue threshold: 300 rps at 100 per replica -> 3")
  void requestRateAverageValue() {
    ControlAction action =
        new KedaController(HUNDRED_RPS_PER_REPLICA)
            .decide(at(0, 1).readyPods(1, 0.1).prometheus(300.0, Map.of()).build());

    assertThat(action.replicas()).isEqualTo(3);
    assertThat(action.note()).contains("s0-prometheus 300.0 (threshold 100.0) wants 3");
  }

  @Test
  @DisplayName(
      "Latency quantile with a Value threshold: p95 0.5 s against 0.25 s doubles the ready pods")
  void latencyValueTarget() {
    ControlAction action =
        new KedaController(P95_UNDER_250_MS)
            .decide(
                at(0, 3)
                    .readyPods(2, 0.1)
                    .startingPods(1, 10)
                    .prometheus(50.0, Map.of(0.95, 0.5, 0.5, 0.1))
                    .build());

    // Value targets scale the ready pods: ceil(2.0 x 2) = 4.
    assertThat(action.replicas()).isEqualTo(4);
  }

  @Test
  @DisplayName("Average latency with a Value threshold: 0.3 s against 0.2 s makes 2 ready pods 3")
  void averageLatencyValueTarget() {
    ControlAction action =
        new KedaController(KedaController.Config.averageLatency(0.2, 1, 20))
            .decide(at(0, 2).readyPods(2, 0.1).prometheusAverage(50.0, 0.3).build());

    // ceil(2 x 0.3 / 0.2) = 3.
    assertThat(action.replicas()).isEqualTo(3);
  }

  @Test
  @DisplayName(
      "ignoreNullValues: an empty result reads as 0 and scales down to min after the window"
          + " (keda#3065), with an HPA behavior")
  void emptyResultScalesDown() {
    KedaController keda = new KedaController(P95_UNDER_250_MS.withBehavior(Behavior.hpaDefaults()));
    List<Integer> counts = new ArrayList<>();
    for (long second = 0; second <= 300; second += 30) {
      counts.add(
          keda.decide(at(second, 6).readyPods(6, 0.0).prometheus(0.0, Map.of()).build())
              .replicas());
    }

    assertThat(counts.subList(0, counts.size() - 1)).containsOnly(6);
    assertThat(counts.get(counts.size() - 1)).isEqualTo(1);
  }

  @Test
  @DisplayName("ignoreNullValues: NaN (a quantile over no requests) also reads as 0")
  void notANumberReadsAsZero() {
    KedaController keda = new KedaController(P95_UNDER_250_MS);

    ControlAction action =
        keda.decide(at(0, 4).readyPods(4, 0.0).prometheus(0.0, Map.of(0.95, Double.NaN)).build());

    assertThat(action.note()).contains("s0-prometheus 0.0").contains("wants 0");
  }

  @Test
  @DisplayName("With ignoreNullValues false an empty result fails the metric and replicas stay")
  void emptyResultFailsWithoutIgnoreNullValues() {
    KedaController keda = new KedaController(P95_UNDER_250_MS.withIgnoreNullValues(false));

    ControlAction action =
        keda.decide(at(0, 4).readyPods(4, 0.0).prometheus(0.0, Map.of()).build());

    assertThat(action.replicas()).isEqualTo(4);
    assertThat(action.note()).contains("FailedGetExternalMetric").contains("result is empty");
  }

  @Test
  @DisplayName("Prometheus unreachable: the scaler fails and the HPA keeps the replicas")
  void prometheusUnreachableKeepsReplicas() {
    ControlAction action =
        new KedaController(HUNDRED_RPS_PER_REPLICA).decide(at(0, 7).readyPods(7, 0.1).build());

    assertThat(action.replicas()).isEqualTo(7);
    assertThat(action.note()).startsWith("ScalingActive=False FailedGetExternalMetric");
  }

  @Test
  @DisplayName("Within the 0.1 tolerance nothing changes")
  void withinTolerance() {
    ControlAction action =
        new KedaController(HUNDRED_RPS_PER_REPLICA)
            .decide(at(0, 4).readyPods(4, 0.1).prometheus(430.0, Map.of()).build());

    assertThat(action.replicas()).isEqualTo(4);
  }

  @Test
  @DisplayName("KEDA prints the value with three decimals, rounding its exact binary value")
  void valuesBecomeMilliUnitsLikeKeda() {
    assertThat(KedaController.toMilli(0.3)).isEqualTo(300);
    assertThat(KedaController.toMilli(0.25)).isEqualTo(250);
    // 1.2345 is 1.23449999... in binary, so it prints as 1.234.
    assertThat(KedaController.toMilli(1.2345)).isEqualTo(1234);
    assertThat(KedaController.toMilli(0.0004)).isZero();
    assertThat(KedaController.toMilli(Double.NaN)).isZero();
  }

  @Test
  @DisplayName(
      "Without advanced.horizontalPodAutoscalerConfig.behavior KEDA's HPA has none: legacy path")
  void kedasDefaultHpaHasNoBehavior() {
    KedaController.Config users =
        KedaController.Config.asUsersGetIt(
            KedaController.MetricKind.LATENCY_QUANTILE, 0.95, 0.25, 1, 20);

    assertThat(users.hasBehavior()).isFalse();
    assertThat(users.ignoreNullValues()).isTrue();
    // The generated HPA syncs every 15 s and, without useCachedMetrics, queries every time.
    assertThat(new KedaController(users).syncPeriod()).isEqualTo(Duration.ofSeconds(15));
    assertThat(P95_UNDER_250_MS.hasBehavior()).isFalse();
    assertThat(HUNDRED_RPS_PER_REPLICA.hasBehavior()).isFalse();
    assertThat(P95_UNDER_250_MS.withPollingInterval(Duration.ofSeconds(15))).isEqualTo(users);
  }

  @Test
  @DisplayName("Legacy path: 1 replica goes to at most 4 in one sync (with a behavior, 5)")
  void legacyScaleUpLimit() {
    ControlAction legacy =
        new KedaController(HUNDRED_RPS_PER_REPLICA)
            .decide(at(0, 1).readyPods(1, 0.1).prometheus(1000.0, Map.of()).build());
    ControlAction withBehavior =
        new KedaController(HUNDRED_RPS_PER_REPLICA.withBehavior(Behavior.hpaDefaults()))
            .decide(at(0, 1).readyPods(1, 0.1).prometheus(1000.0, Map.of()).build());

    assertThat(legacy.note()).contains("wants 10").endsWith("ScaleUpLimit");
    assertThat(legacy.replicas()).isEqualTo(4);
    assertThat(withBehavior.replicas()).isEqualTo(5);
  }

  @Test
  @DisplayName(
      "Legacy path: an empty result (read as 0) scales down to min once the first sync's"
          + " recommendation is more than 300 s old")
  void legacyEmptyResultScalesDown() {
    KedaController keda = new KedaController(P95_UNDER_250_MS);
    List<Integer> counts = new ArrayList<>();
    for (long second = 0; second <= 330; second += 30) {
      counts.add(
          keda.decide(at(second, 6).readyPods(6, 0.0).prometheus(0.0, Map.of()).build())
              .replicas());
    }

    // Seconds 0 to 300 hold 6: the legacy window counts a recommendation exactly 300 s old.
    assertThat(counts.subList(0, counts.size() - 1)).containsOnly(6);
    assertThat(counts.get(counts.size() - 1)).isEqualTo(1);
  }
}
