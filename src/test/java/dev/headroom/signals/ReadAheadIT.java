package dev.headroom.signals;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headroom.signals.Synthetic.Service;
import dev.headroom.signals.Synthetic.Shape;
import dev.headroom.signals.Synthetic.Traffic;
import dev.headroom.testing.prometheus.PrometheusServer;
import dev.headroom.testing.prometheus.RealPrometheus;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * 60 policies that fall due at the same instant, against the real Prometheus, with one more policy
 * on an endpoint that does not answer until the test lets it: the 60 evaluations take their share
 * of one read (the queries of one cycle, not 60 cycles), with the values a read of their own gives,
 * and none of them waits for the endpoint that hangs.
 */
@RealPrometheus
class ReadAheadIT {
  private static final int POLICIES = 60;
  private static final SignalSettings SETTINGS =
      SignalSettings.defaults().withScrapeInterval(Duration.ofSeconds(5));
  private static final String SPEC =
      "budgets:\n"
          + "  latency:\n"
          + "    - {name: p95, percentile: 0.95, target: 1s, window: 10s, metric: "
          + SignalPresetsIT.PRESETS.get(Shape.PROMETHEUS_HISTOGRAM)
          + "}\n"
          + "  errorRate: {targetPercent: 1, window: 10s}\n";

  @Test
  void policiesDueTogetherShareOneReadAndAHangingEndpointDelaysOnlyItsOwn(
      PrometheusServer prometheus) throws Exception {
    EndpointConfig endpoint = EndpointConfig.of(prometheus.baseUrl().toString());
    List<Service> services = new ArrayList<>();
    List<PolicyTarget> policies = new ArrayList<>();
    for (int i = 0; i < POLICIES; i++) {
      String name = "svc" + i;
      services.add(
          new Service(
              Shape.PROMETHEUS_HISTOGRAM,
              "read-ahead-it",
              name,
              List.of(Synthetic.pod(name, i)),
              new Traffic(new long[] {1 + i % 7, 3, 4, 2 + i % 3, 1, 1}, 2.5 + i % 5),
              new Traffic(new long[] {0, 0, 1, i % 2, 0, 1}, 0.8),
              Map.of("app", 0.1),
              Map.of("app", 1e8)));
      policies.add(Policies.policy("read-ahead-it", "p" + i, name, endpoint, SPEC));
    }
    CountDownLatch release = new CountDownLatch(1);
    try (StubHttp hanging =
            StubHttp.start(
                request -> {
                  await(release);
                  return StubHttp.Reply.status(503, "released");
                });
        ScrapedServices scraped =
            new ScrapedServices(prometheus, "read-ahead", services)
                .awaitFilled(Duration.ofSeconds(10));
        SignalReader reader = new SignalReader(SETTINGS, new PrometheusRegistry());
        ReadAhead readAhead = new ReadAhead(reader, InstantSource.system())) {
      PolicyTarget stuck =
          Policies.policy("read-ahead-it", "stuck", "svc0", EndpointConfig.of(hanging.url()), SPEC);
      Instant due = Instant.now().plusSeconds(2);
      policies.forEach(p -> readAhead.expect(p, due));
      readAhead.expect(stuck, due);

      ExecutorService evaluations = Executors.newFixedThreadPool(POLICIES + 1);
      try {
        Future<Optional<PolicySignals>> stuckRead =
            evaluations.submit(() -> take(readAhead, stuck, due));
        List<Future<Optional<PolicySignals>>> reads = new ArrayList<>();
        policies.forEach(p -> reads.add(evaluations.submit(() -> take(readAhead, p, due))));
        List<PolicySignals> taken = new ArrayList<>();
        for (Future<Optional<PolicySignals>> read : reads) {
          taken.add(read.get(30, TimeUnit.SECONDS).orElseThrow());
        }
        assertThat(stuckRead.isDone()).as("the hanging endpoint is still hanging").isFalse();
        assertThat(hanging.requests()).as("its queries were sent").isNotEmpty();
        long sent = reader.metrics().requests(endpointLabel(prometheus), "ok");
        System.out.printf(
            "[read-ahead] %d policies due together: %d queries to Prometheus%n", POLICIES, sent);
        assertThat(sent).as("one cycle's queries, not one per policy").isBetween(1L, 8L);

        CycleResult alone =
            new SignalReader(SETTINGS, new PrometheusRegistry()).readCycle(policies, due);
        for (int i = 0; i < POLICIES; i++) {
          PolicySignals mine = taken.get(i);
          assertThat(mine.status().available()).as(mine.status().message()).isTrue();
          assertThat(mine.signals())
              .isEqualTo(alone.policy(policies.get(i).id()).orElseThrow().signals());
        }

        release.countDown();
        Optional<PolicySignals> stuckSignals = stuckRead.get(60, TimeUnit.SECONDS);
        assertThat(stuckSignals).isPresent();
        assertThat(stuckSignals.get().status().available()).isFalse();
      } finally {
        release.countDown();
        evaluations.shutdownNow();
      }

      // Taken once; an evaluation of a changed spec, or too early, reads on its own.
      Instant later = due.plusSeconds(30);
      readAhead.expect(policies.get(0), later);
      assertThat(
              readAhead.take(
                  policies.get(0), later.minusSeconds(5), Duration.ofSeconds(30), Duration.ZERO))
          .as("too early")
          .isEmpty();
      PolicyTarget changed =
          Policies.policy(
              "read-ahead-it",
              "p0",
              "svc0",
              endpoint,
              SPEC.replace("targetPercent: 1", "targetPercent: 2"));
      assertThat(readAhead.take(changed, later, Duration.ofSeconds(30), Duration.ofSeconds(30)))
          .as("its spec changed since")
          .isEmpty();
      assertThat(readAhead.pending()).isZero();
    }
  }

  private static Optional<PolicySignals> take(ReadAhead readAhead, PolicyTarget p, Instant due)
      throws InterruptedException {
    long sleep = Duration.between(Instant.now(), due).toMillis();
    if (sleep > 0) {
      Thread.sleep(sleep);
    }
    return readAhead.take(p, Instant.now(), Duration.ofSeconds(30), Duration.ofSeconds(60));
  }

  private static String endpointLabel(PrometheusServer prometheus) {
    var url = prometheus.baseUrl();
    return url.getScheme() + "://" + url.getAuthority();
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
