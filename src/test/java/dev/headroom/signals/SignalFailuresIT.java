package dev.headroom.signals;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headroom.signals.StubHttp.Reply;
import dev.headroom.signals.Synthetic.Service;
import dev.headroom.signals.Synthetic.Shape;
import dev.headroom.signals.Synthetic.Traffic;
import dev.headroom.testing.env.FreePorts;
import dev.headroom.testing.env.ManagedProcess;
import dev.headroom.testing.env.Poll;
import dev.headroom.testing.env.Processes;
import dev.headroom.testing.env.TestEnvironment;
import dev.headroom.testing.env.TestRun;
import dev.headroom.testing.prometheus.PrometheusServer;
import dev.headroom.testing.prometheus.RealPrometheus;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each way reading Prometheus fails yields its classified error in the policy's status, and never
 * an exception: Prometheus stopped, too slow, refusing a bad template (its message surfaces),
 * refusing credentials, answering garbage, answering nothing, answering NaN, and data gone stale.
 */
@RealPrometheus
class SignalFailuresIT {
  private static final String NS = "failures-it";
  private static final SignalSettings SETTINGS =
      SignalSettings.defaults()
          .withScrapeInterval(Duration.ofSeconds(5))
          .withTimeouts(Duration.ofSeconds(1), Duration.ofMillis(700))
          .withRetries(2, Duration.ofMillis(50), Duration.ofMillis(100));
  private static final String LATENCY =
      "budgets:\n  latency:\n    - {name: p95, percentile: 0.95, target: 1s, window: 10s, metric:"
          + " {preset: Micrometer}}\n";
  private static ScrapedServices scraped;

  private static Service service(String name, Traffic traffic) {
    return new Service(
        Shape.MICROMETER,
        NS,
        name,
        List.of(Synthetic.pod(name, 1)),
        traffic,
        traffic,
        Map.of("app", 0.1),
        Map.of("app", 1e8));
  }

  @BeforeAll
  static void serve(PrometheusServer prometheus) {
    Traffic some = new Traffic(new long[] {5, 5, 5, 5, 5, 1}, 3);
    Traffic none = new Traffic(new long[] {0, 0, 0, 0, 0, 0}, 0);
    scraped =
        new ScrapedServices(
                prometheus,
                "signal-failures",
                List.of(service("alive", some), service("idle", none)))
            .awaitFilled(Duration.ofSeconds(10));
  }

  @AfterAll
  static void stop() {
    if (scraped != null) {
      scraped.close();
    }
  }

  private static MetricsStatus read(EndpointConfig endpoint, String target, String yaml) {
    try (SignalReader reader = new SignalReader(SETTINGS, new PrometheusRegistry())) {
      PolicyTarget policy = Policies.policy(NS, "p", target, endpoint, yaml);
      return reader.readCycle(List.of(policy), Instant.now()).policies().get(policy.id()).status();
    }
  }

  private static EndpointConfig real(PrometheusServer prometheus) {
    return EndpointConfig.of(prometheus.baseUrl().toString());
  }

  @Test
  void aLiveTargetReadsAndAnUnknownOneIsNoDataNotZero(PrometheusServer prometheus) {
    assertThat(read(real(prometheus), "alive", LATENCY).available()).isTrue();
    MetricsStatus missing = read(real(prometheus), "absent", LATENCY);
    assertThat(missing.reason()).isEqualTo("NoData");
    assertThat(missing.signal("latency/p95").orElseThrow().error()).contains(SignalError.NO_DATA);
  }

  @Test
  void noRequestsInTheWindowIsNotANumber(PrometheusServer prometheus) {
    MetricsStatus idle =
        read(
            real(prometheus),
            "idle",
            LATENCY
                + "    - {name: avg, statistic: Average, target: 1s, window: 10s, metric: {preset:"
                + " Micrometer}}\n"
                + "  errorRate: {targetPercent: 1, window: 10s}\n");
    assertThat(idle.reason()).isEqualTo("NotANumber");
    for (String signal : List.of("latency/p95", "latency/avg", "errorRate")) {
      assertThat(idle.signal(signal).orElseThrow().error())
          .as(signal)
          .contains(SignalError.NOT_A_NUMBER);
    }
    assertThat(idle.signal("requestRate").orElseThrow().available())
        .as("zero requests per second is a value")
        .isTrue();
  }

  @Test
  void aBadTemplateIsABadQueryWithPrometheusOwnMessage(PrometheusServer prometheus) {
    String yaml =
        "budgets:\n  latency:\n    - name: p95\n      percentile: 0.95\n      target: 1s\n"
            + "      metric: {query: 'sum(rate(http_server_requests_seconds_count{namespace=\"{{namespace}}\"}[{{window}}])'}\n";
    MetricsStatus status = read(real(prometheus), "alive", yaml);
    assertThat(status.reason()).isEqualTo("BadQuery");
    assertThat(status.message()).contains("bad_data", "parse error");
    try (SignalReader reader = new SignalReader(SETTINGS, new PrometheusRegistry())) {
      var verdict =
          reader.validateTemplates(
              Policies.policy(NS, "p", "alive", real(prometheus), yaml), Instant.now());
      assertThat(verdict)
          .singleElement()
          .satisfies(
              v -> {
                assertThat(v.verdict()).isEqualTo(TemplateValidation.Verdict.INVALID);
                assertThat(v.field()).isEqualTo("spec.budgets.latency[0].metric.query");
                assertThat(v.message()).contains("parse error");
              });
    }
  }

  @Test
  void stoppedPrometheusIsUnreachableThenTheCircuitOpens() throws IOException {
    ManagedProcess own = startOwnPrometheus();
    EndpointConfig endpoint = EndpointConfig.of("http://127.0.0.1:" + ownPort);
    String template =
        "budgets:\n  latency:\n    - {name: p95, percentile: 0.95, target: 1s, metric: {query:"
            + " 'vector(0.25)'}}\n";
    try (SignalReader reader =
        new SignalReader(
            SETTINGS.withBreaker(2, Duration.ofMinutes(1)), new PrometheusRegistry())) {
      PolicyTarget policy = Policies.policy(NS, "p", "alive", endpoint, template);
      var before = reader.readCycle(List.of(policy), Instant.now()).policies().get(policy.id());
      assertThat(before.status().signal("latency/p95").orElseThrow().available())
          .as(before.status().message())
          .isTrue();
      assertThat(before.signals().latencyQuantileSeconds().get(0.95).value()).isEqualTo(0.25);

      own.stop(Duration.ofSeconds(10));
      MetricsStatus down =
          reader.readCycle(List.of(policy), Instant.now()).policies().get(policy.id()).status();
      assertThat(down.reason()).as(down.message()).isEqualTo("PrometheusUnreachable");
      assertThat(down.message()).contains("127.0.0.1:" + ownPort);
      MetricsStatus open =
          reader.readCycle(List.of(policy), Instant.now()).policies().get(policy.id()).status();
      assertThat(open.reason()).isEqualTo("CircuitOpen");
    } finally {
      own.stop(Duration.ofSeconds(10));
    }
  }

  @Test
  void aClosedPortIsUnreachable() {
    int port = FreePorts.pick();
    assertThat(read(EndpointConfig.of("http://127.0.0.1:" + port), "alive", LATENCY).reason())
        .isEqualTo("PrometheusUnreachable");
  }

  @Test
  void aSlowPrometheusIsATimeout(PrometheusServer prometheus) {
    try (StubHttp slow =
        StubHttp.start(
            r -> {
              Reply real = forward(prometheus, r);
              return new Reply(real.status(), real.body(), 2_000);
            })) {
      MetricsStatus status = read(EndpointConfig.of(slow.url()), "alive", LATENCY);
      assertThat(status.reason()).isIn("PrometheusTimeout", "CircuitOpen");
      assertThat(status.signal("latency/p95").orElseThrow().error()).contains(SignalError.TIMEOUT);
    }
  }

  @Test
  void credentialsAreCheckedByAProxyInFront(PrometheusServer prometheus) {
    try (StubHttp proxy =
        StubHttp.start(
            r ->
                "Bearer right-token".equals(r.header("Authorization"))
                    ? forward(prometheus, r)
                    : Reply.status(401, "Unauthorized"))) {
      EndpointConfig endpoint = EndpointConfig.of(proxy.url());
      assertThat(
              read(endpoint.withCredentials(Credentials.bearer("right-token")), "alive", LATENCY)
                  .available())
          .isTrue();
      MetricsStatus refused =
          read(endpoint.withCredentials(Credentials.bearer("wrong-token")), "alive", LATENCY);
      assertThat(refused.reason()).isEqualTo("Unauthorized");
      assertThat(refused.toString()).doesNotContain("wrong-token");
      assertThat(read(endpoint, "alive", LATENCY).reason()).isEqualTo("Unauthorized");
    }
  }

  @Test
  void garbageIsABadResponse() {
    try (StubHttp garbage =
        StubHttp.start(
            r ->
                Reply.ok(
                    "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{]"))) {
      MetricsStatus status = read(EndpointConfig.of(garbage.url()), "alive", LATENCY);
      assertThat(status.reason()).isEqualTo("BadResponse");
    }
  }

  @Test
  void dataFromATargetNoLongerScrapedIsStale(PrometheusServer prometheus) {
    Traffic some = new Traffic(new long[] {5, 5, 5, 5, 5, 1}, 3);
    ScrapedServices gone =
        new ScrapedServices(prometheus, "signal-failures-gone", List.of(service("gone", some)))
            .awaitFilled(Duration.ofSeconds(2));
    assertThat(read(real(prometheus), "gone", LATENCY).available()).isTrue();
    gone.close();
    AtomicReference<MetricsStatus> last = new AtomicReference<>();
    Poll.until(
        Duration.ofSeconds(30),
        "the signals of a target no longer scraped to be stale",
        () -> {
          last.set(read(real(prometheus), "gone", LATENCY));
          return "StaleData".equals(last.get().reason());
        });
    assertThat(last.get().signal("latency/p95").orElseThrow().message())
        .contains("not scraped now");
  }

  /** The request, sent on to the real Prometheus; its answer as is. */
  private static Reply forward(PrometheusServer prometheus, StubHttp.Request request) {
    try {
      HttpResponse<String> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(prometheus.baseUrl().resolve(request.path()))
                      .header("Content-Type", "application/x-www-form-urlencoded")
                      .POST(HttpRequest.BodyPublishers.ofString(request.body()))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      return new Reply(response.statusCode(), response.body(), 0);
    } catch (IOException | InterruptedException e) {
      return Reply.status(502, e.toString());
    }
  }

  private static int ownPort;

  /** A second Prometheus of our own, to stop without touching the shared one. */
  private static ManagedProcess startOwnPrometheus() throws IOException {
    TestEnvironment env = TestEnvironment.locate();
    Path dir = TestRun.subdir("prometheus-signals-own");
    Path config = dir.resolve("prometheus.yml");
    Files.writeString(config, "global:\n  scrape_interval: 1s\n");
    ownPort = FreePorts.pick();
    ManagedProcess process =
        Processes.start(
            "prometheus-signals-own",
            List.of(
                env.binaryPath("prometheus").toString(),
                "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + ownPort),
            dir.resolve("prometheus.log"),
            Map.of());
    HttpClient http = HttpClient.newHttpClient();
    Poll.until(
        Duration.ofSeconds(60),
        "our own Prometheus to be ready",
        () -> {
          process.requireAlive();
          try {
            return http.send(
                        HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + ownPort + "/-/ready"))
                            .build(),
                        HttpResponse.BodyHandlers.discarding())
                    .statusCode()
                == 200;
          } catch (IOException e) {
            return false;
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
          }
        });
    return process;
  }
}
