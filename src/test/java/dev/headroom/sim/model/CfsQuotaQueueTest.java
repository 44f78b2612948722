package dev.headroom.sim.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.headroom.sim.Resources;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CfsQuotaQueueTest {
  @Test
  void aRequestThatFindsQuotaLeftRunsAtAFullCore() {
    CfsQuotaQueue fifth = new CfsQuotaQueue(ServiceTime.of(0.010, 0), 200);
    Latency light = fifth.latency(0.1 * fifth.capacityRps(), 0);
    // A server at a fifth of a core would take 50 ms.
    assertThat(light.quantileSeconds(0.95)).isCloseTo(0.010, within(0.0005));
    assertThat(fifth.capacityRps()).isCloseTo(20, within(1e-9));
  }

  /**
   * 30 ms of CPU against 20 ms of quota per 100 ms, alone: arriving with 10–20 ms of the period
   * left it finishes in the next period's quota (30 ms, a tenth of arrivals); earlier it spends the
   * quota, stalls to the period's end and finishes 10 ms into the next (110 ms − its arrival);
   * later it gets under 10 ms before the period ends and stalls in the next one (110 ms).
   */
  @Test
  void aRequestLongerThanTheQuotaStallsUntilTheNextPeriod() {
    CfsQuotaQueue fifth = new CfsQuotaQueue(ServiceTime.of(0.030, 0), 200);
    for (double rps : new double[] {0, 0.01 * fifth.capacityRps()}) {
      Latency alone = fifth.latency(rps, 0);
      assertThat(alone.tail(0.0301)).isCloseTo(0.9, within(0.01));
      assertThat(alone.quantileSeconds(0.5)).isCloseTo(0.070, within(0.002));
      // A tenth at 110 ms, and the few that meet another request wait longer.
      assertThat(alone.tail(0.1095)).isBetween(0.1, 0.125);
    }
    assertThat(fifth.throttledShare(0.01 * fifth.capacityRps())).isGreaterThan(0);
  }

  @ParameterizedTest
  @CsvSource({"200, 0.3", "200, 1.4", "500, 1.0", "900, 0.5"})
  void latencyAndThrottlingGrowWithTheLoad(long limitMillis, double cv) {
    CfsQuotaQueue queue = new CfsQuotaQueue(ServiceTime.of(0.010, cv), limitMillis);
    double previousP95 = 0;
    double previousMean = 0;
    double previousThrottled = -1;
    for (double rho = 0.05; rho < 0.98; rho += 0.0637) {
      double rps = rho * queue.capacityRps();
      Latency latency = queue.latency(rps, 0);
      double throttled = queue.throttledShare(rps);
      assertThat(latency.quantileSeconds(0.95))
          .as("p95 at %.3f", rho)
          .isGreaterThanOrEqualTo(previousP95);
      assertThat(latency.meanSeconds()).as("mean at %.3f", rho).isGreaterThan(previousMean);
      assertThat(throttled).as("throttled at %.3f", rho).isGreaterThanOrEqualTo(previousThrottled);
      previousP95 = latency.quantileSeconds(0.95);
      previousMean = latency.meanSeconds();
      previousThrottled = throttled;
    }
    assertThat(previousThrottled).isGreaterThan(0.5);
  }

  /**
   * Just under a core the stalls vanish and the pod is a full-speed server: the mean matches the
   * M/M/1 (processor sharing has the same mean) that the model uses for a whole core.
   */
  @Test
  void justUnderACoreTheMeanIsAWholeCoresQueue() {
    CfsQuotaQueue nearlyOne = new CfsQuotaQueue(ServiceTime.of(0.010, 1), 999);
    double rps = 50;
    double mm1Mean = 0.010 / (1 - rps * 0.010);
    assertThat(nearlyOne.latency(rps, 0).meanSeconds()).isCloseTo(mm1Mean, within(0.1 * mm1Mean));
  }

  @Test
  void theServiceModelUsesTheQuotaForALimitUnderOneCore() {
    ServiceModel model =
        new ServiceModel(new ServiceParameters(0.010, 0, 5, 64L << 20, 0, 30, Optional.empty()));
    Resources fifth = new Resources(200, 200, 256L << 20, 0);
    Resources fifthWithoutLimit = new Resources(200, 0, 256L << 20, 0);
    assertThat(model.steadyState(fifth, 2, 0).latency().quantileSeconds(0.95))
        .isCloseTo(0.010, within(0.0005));
    // Without a limit there is no quota; the request's share is what the model assumes.
    assertThat(model.steadyState(fifthWithoutLimit, 2, 0).latency().quantileSeconds(0.95))
        .isGreaterThan(0.045);
    assertThat(model.steadyState(fifth, 2, 0.25).latency().quantileSeconds(0.95))
        .isCloseTo(0.260, within(0.0005));
  }
}
