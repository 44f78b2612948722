package dev.headroom.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.headroom.sim.Resources;
import dev.headroom.sim.model.QueueLatency;
import dev.headroom.sim.model.ServiceTime;
import dev.headroom.testing.service.SampleService;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The model check's own arithmetic, and what it says about recorded real runs: WorldCup98 replays
 * of 2026-12-04 on real processes ({@code src/test/resources/real-runs}, the rows of {@code
 * target/e2e/real-processes-worldcup.txt}).
 */
class ModelCheckTest {
  private static final Resources POD = new Resources(200, 200, 256L << 20, 256L << 20);
  private static final Resources ONE_CORE = new Resources(1000, 1000, 256L << 20, 256L << 20);

  @Test
  void aRowReadsBackAsItWasWritten() {
    ServiceRow row = new ServiceRow(12.5, 3, 4, 4, 17.25, 0.0243, 0.0112, 0.41, 0.08);
    ServiceRow back = ServiceRow.parse(row.format()).orElseThrow();
    assertThat(back.seconds()).isEqualTo(12.5);
    assertThat(back.readyPods()).isEqualTo(3);
    assertThat(back.pods()).isEqualTo(4);
    assertThat(back.answeredRps()).isCloseTo(17.25, within(0.06));
    assertThat(back.p95Seconds()).isCloseTo(0.0243, within(1e-4));
    assertThat(back.meanSeconds()).isCloseTo(0.0112, within(1e-4));
    assertThat(back.cpuCores()).isCloseTo(0.41, within(0.005));
    assertThat(back.throttledShare()).isCloseTo(0.08, within(0.005));
    assertThat(ServiceRow.parse("machine: busy 21 % of 2 cores over 614 s")).isEmpty();
  }

  @Test
  void theFitSeparatesCpuPerRequestFromIdleCpuPerPod() {
    List<ServiceRow> rows = new ArrayList<>();
    for (int pods = 2; pods <= 5; pods++) {
      for (double rps = 2; rps <= 30; rps += 4) {
        double cpu = 0.012 * rps + 0.004 * pods;
        // Each operating point held for 40 s, a row every 5 s: the last rows are steady.
        for (int row = 0; row < 8; row++) {
          rows.add(new ServiceRow(rows.size() * 5, pods, pods, pods, rps, 0.03, 0.015, cpu, 0));
        }
      }
    }
    ModelCheck check = ModelCheck.of(rows, POD);
    assertThat(check.scored()).as("steady rows").isNotEmpty().hasSizeLessThan(rows.size());
    ModelCheck.Fit fit = check.fit();
    assertThat(fit.cpuSecondsPerRequest()).isCloseTo(0.012, within(1e-9));
    assertThat(fit.idleCoresPerPod()).isCloseTo(0.004, within(1e-9));
  }

  /** A load step's steady rows all share one load per pod: no split, all of the CPU per request. */
  @Test
  void rowsAtOneOperatingPointAreFittedWithoutAnIdleShare() throws IOException {
    List<ServiceRow> rows = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      rows.add(new ServiceRow(i * 5, 2, 2, 2, 10, 0.0243, 0.011, 0.12, 0));
    }
    ModelCheck check = ModelCheck.of(rows, POD);
    assertThat(check.fit().idleCoresPerPod()).isZero();
    assertThat(check.fit().cpuSecondsPerRequest()).isCloseTo(0.012, within(1e-9));
    assertThat(ModelCheck.reportOrWhy(List.of(rows.get(0)), POD, "one row"))
        .singleElement()
        .asString()
        .contains("not fitted");
  }

  @Test
  void theShapeIsFittedThroughTheBuckets() {
    // A service of 11 ms on average whose requests all fall between the 10 and 25 ms bounds
    // reads as about 24 ms. (Any cv from 0 to about 0.6 reads so: these buckets cannot tell.)
    double cv = ModelCheck.cvFor(0.011, ONE_CORE, 0.01, 0.0243);
    assertThat(cv).isLessThan(1);
    double p95 =
        ModelCheck.bucketQuantile(
            new QueueLatency(0, 0, 1, ServiceTime.of(0.011, cv)),
            0.95,
            SampleService.BUCKETS_SECONDS);
    assertThat(p95).isCloseTo(0.0243, within(1e-4));
  }

  /**
   * On a 200m pod a long request spends its period's quota and stalls until the next period: the
   * model adds those stalls itself, so the same p95 is fitted with less variable service times than
   * on a pod of a whole core.
   */
  @Test
  void theShapeIsFittedThroughTheQuotaStalls() {
    double onOneCore = ModelCheck.cvFor(0.0104, ONE_CORE, 2.8, 0.042);
    double onAFifth = ModelCheck.cvFor(0.0104, POD, 2.8, 0.042);
    assertThat(onAFifth).isLessThan(onOneCore * 0.8);
  }

  @Test
  void theIdleCpuComesOutOfTheQuota() {
    assertThat(ModelCheck.quotaLeft(POD, 0.012).cpuLimitMillis()).isEqualTo(188);
    assertThat(ModelCheck.quotaLeft(POD, 0.012).cpuRequestMillis()).isEqualTo(188);
    Resources unlimited = new Resources(200, 0, 256L << 20, 0);
    assertThat(ModelCheck.quotaLeft(unlimited, 0.012)).isEqualTo(unlimited);
  }

  @Test
  void histogramQuantileInterpolatesWithinTheBucket() {
    // Exponential with mean 100 ms: P(X <= 0.1) = 0.632, P(X <= 0.15) = 0.777, ...
    QueueLatency exponential = new QueueLatency(0, 0, 1, ServiceTime.of(0.1, 1));
    double[] bounds = {0.1, 0.2, 0.5};
    double at0_1 = 1 - Math.exp(-1);
    double at0_2 = 1 - Math.exp(-2);
    assertThat(ModelCheck.bucketQuantile(exponential, 0.7, bounds))
        .isCloseTo(0.1 + 0.1 * (0.7 - at0_1) / (at0_2 - at0_1), within(1e-9));
    assertThat(ModelCheck.bucketQuantile(exponential, 0.999, bounds)).isEqualTo(0.5);
  }

  /**
   * A recorded WorldCup98 replay (2026-12-04, scripts/real-worldcup.sh) with Poisson arrivals to
   * endpoints at random, as independent users send them. The fit finds the sample service's 10 ms
   * of CPU per request (plus what the JVM spends per request), and the model — a 200m pod as the
   * kernel runs it, a full core until the period's quota is spent — predicts p95 within the issue's
   * 25 % in the median row under 0.8 utilisation (22 %; 34 of 54 rows). It still over-predicts
   * between 0.3 and 0.8 (+27 % in the median row): docs/benchmarks.md, "The simulator against real
   * processes".
   */
  @Test
  void aRecordedRealRunWithPoissonArrivalsAgainstTheModel() throws IOException {
    ModelCheck check = ModelCheck.of(ServiceRow.recorded("worldcup-poisson-2026-12-04.txt"), POD);
    check.report("worldcup-poisson-2026-12-04.txt").forEach(System.out::println);
    assertThat(check.fit().cpuSecondsPerRequest()).isBetween(0.010, 0.0115);
    assertThat(check.scored()).hasSizeGreaterThan(40);
    assertThat(check.medianAbsoluteError()).isLessThan(ModelCheck.WITHIN);
    assertThat(check.scoredWithin()).isGreaterThan(check.scored().size() / 2);
  }

  /**
   * The same replay with evenly spaced arrivals to the endpoints in turn: no two requests bunch up
   * in a period, so the quota is spent only when the period's work exceeds it on average, and real
   * p95 stays near 30 ms up to 0.8 utilisation. The model's arrivals are Poisson, and it
   * over-predicts such traffic past 0.5 by an order of magnitude — recorded as its limit, since
   * production traffic from many clients is not evenly spaced.
   */
  @Test
  void aRecordedRealRunWithEvenArrivalsIsOverPredictedPastHalfLoad() throws IOException {
    ModelCheck check = ModelCheck.of(ServiceRow.recorded("worldcup-even-2026-12-04.txt"), POD);
    check.report("worldcup-even-2026-12-04.txt").forEach(System.out::println);
    assertThat(check.fit().cpuSecondsPerRequest()).isBetween(0.010, 0.0115);
    List<ModelCheck.Compared> busy =
        check.scored().stream().filter(c -> c.utilisation() >= 0.5).toList();
    assertThat(busy).hasSizeGreaterThan(10);
    assertThat(busy).allMatch(c -> c.predictedP95Seconds() > 2 * c.row().p95Seconds());
  }
}
