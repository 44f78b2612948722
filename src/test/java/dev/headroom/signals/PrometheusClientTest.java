package dev.headroom.signals;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headroom.api.v1alpha1.HttpHeader;
import dev.headroom.signals.StubHttp.Reply;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Timeouts, retries with jittered backoff, the circuit breaker and credentials, over HTTP. */
class PrometheusClientTest {
  private static final Instant T = Instant.parse("2026-01-01T00:00:00.250Z");
  private static final String OK = StubHttp.vector("{}", "1");

  private final List<Duration> sleeps = new ArrayList<>();
  private final MutableClock clock = new MutableClock(T);

  private PrometheusClient client(SignalSettings settings) {
    return new PrometheusClient(settings, new SplittableRandom(42), sleeps::add, clock);
  }

  private static SignalSettings fast() {
    return SignalSettings.defaults()
        .withTimeouts(Duration.ofMillis(500), Duration.ofMillis(400))
        .withRetries(3, Duration.ofMillis(100), Duration.ofSeconds(1));
  }

  @Test
  void postsTheQueryWithItsTimeHeadersAndBearerToken() {
    try (StubHttp stub = StubHttp.start(r -> Reply.ok(OK))) {
      EndpointConfig endpoint =
          EndpointConfig.of(stub.url() + "/prom/")
              .withCredentials(Credentials.bearer("s3cret\n"))
              .withHeaders(List.of(new HttpHeader("X-Scope-OrgID", "tenant-a")));
      var answer = client(fast()).query(endpoint, "up{job=\"a b\"}", T);
      assertThat(answer.outcome()).isInstanceOf(QueryOutcome.Success.class);
      assertThat(answer.attempts()).isEqualTo(1);
      StubHttp.Request request = stub.requests().get(0);
      assertThat(request.method()).isEqualTo("POST");
      assertThat(request.path()).isEqualTo("/prom/api/v1/query");
      assertThat(request.form("query")).isEqualTo("up{job=\"a b\"}");
      assertThat(request.form("time")).isEqualTo("1767225600.250");
      assertThat(request.form("timeout")).isEqualTo("400ms");
      assertThat(request.header("Authorization")).isEqualTo("Bearer s3cret");
      assertThat(request.header("X-Scope-OrgID")).isEqualTo("tenant-a");
    }
  }

  @Test
  void basicAuth() {
    try (StubHttp stub = StubHttp.start(r -> Reply.ok(OK))) {
      client(fast())
          .query(
              EndpointConfig.of(stub.url()).withCredentials(Credentials.basic("user", "pa:ss")),
              "up",
              T);
      assertThat(stub.requests().get(0).header("Authorization"))
          .isEqualTo("Basic dXNlcjpwYTpzcw==");
    }
  }

  @Test
  void credentialsNeverShowInToStringOrMessages() {
    EndpointConfig endpoint =
        EndpointConfig.of("http://127.0.0.1:1").withCredentials(Credentials.bearer("s3cret"));
    assertThat(endpoint.toString()).doesNotContain("s3cret").contains("<redacted>");
    assertThat(Credentials.basic("alice", "hunter2").toString())
        .doesNotContain("alice")
        .doesNotContain("hunter2");
    try (StubHttp stub = StubHttp.start(r -> Reply.status(401, "denied for s3cret"))) {
      var answer =
          client(fast()).query(endpoint.withTls(Optional.empty(), Optional.empty()), "up", T);
      var other =
          client(fast())
              .query(
                  EndpointConfig.of(stub.url()).withCredentials(Credentials.bearer("s3cret")),
                  "up",
                  T);
      assertThat(((QueryOutcome.Failure) answer.outcome()).message()).doesNotContain("s3cret");
      assertThat(((QueryOutcome.Failure) other.outcome()).error())
          .isEqualTo(SignalError.UNAUTHORIZED);
      assertThat(((QueryOutcome.Failure) other.outcome()).message()).doesNotContain("s3cret");
    }
  }

  @Test
  void retriesServerErrorsWithJitteredExponentialBackoffThenSucceeds() {
    AtomicInteger calls = new AtomicInteger();
    try (StubHttp stub =
        StubHttp.start(
            r -> calls.incrementAndGet() <= 2 ? Reply.status(503, "busy") : Reply.ok(OK))) {
      var answer = client(fast()).query(EndpointConfig.of(stub.url()), "up", T);
      assertThat(answer.outcome()).isInstanceOf(QueryOutcome.Success.class);
      assertThat(answer.attempts()).isEqualTo(3);
      // Equal jitter: half of 100 ms, then of 200 ms, fixed, the other half random.
      assertThat(sleeps).hasSize(2);
      assertThat(sleeps.get(0)).isBetween(Duration.ofMillis(50), Duration.ofMillis(100));
      assertThat(sleeps.get(1)).isBetween(Duration.ofMillis(100), Duration.ofMillis(200));
      // Seeded: the same waits every run.
      Backoff same =
          new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), new SplittableRandom(42));
      assertThat(sleeps).containsExactly(same.delayAfter(1), same.delayAfter(2));
    }
  }

  @Test
  void retriesAreBounded() {
    try (StubHttp stub = StubHttp.start(r -> Reply.status(502, "bad gateway"))) {
      var answer = client(fast()).query(EndpointConfig.of(stub.url()), "up", T);
      var failure = (QueryOutcome.Failure) answer.outcome();
      assertThat(failure.error()).isEqualTo(SignalError.SERVER_ERROR);
      assertThat(failure.message()).contains("502", "bad gateway", "after 3 attempts");
      assertThat(stub.requests()).hasSize(3);
    }
  }

  @Test
  void badQueriesAndUnauthorizedAreNotRetried() {
    try (StubHttp stub =
        StubHttp.start(
            r ->
                r.form("query").equals("bad")
                    ? Reply.status(
                        400, "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"nope\"}")
                    : Reply.status(401, ""))) {
      var client = client(fast());
      assertThat(client.query(EndpointConfig.of(stub.url()), "bad", T).attempts()).isEqualTo(1);
      assertThat(client.query(EndpointConfig.of(stub.url()), "up", T).attempts()).isEqualTo(1);
      assertThat(sleeps).isEmpty();
    }
  }

  @Test
  void aSlowAnswerIsATimeout() {
    try (StubHttp stub = StubHttp.start(r -> new Reply(200, OK, 3_000))) {
      long started = System.nanoTime();
      var answer =
          client(fast().withRetries(1, Duration.ofMillis(1), Duration.ofMillis(1)))
              .query(EndpointConfig.of(stub.url()), "up", T);
      assertThat(((QueryOutcome.Failure) answer.outcome()).error()).isEqualTo(SignalError.TIMEOUT);
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
    }
  }

  @Test
  void aClosedPortIsUnreachable() {
    int port;
    try (StubHttp stub = StubHttp.start(r -> Reply.ok(OK))) {
      port = stub.port();
    }
    var answer = client(fast()).query(EndpointConfig.of("http://127.0.0.1:" + port), "up", T);
    var failure = (QueryOutcome.Failure) answer.outcome();
    assertThat(failure.error()).isEqualTo(SignalError.UNREACHABLE);
    assertThat(failure.message()).contains("127.0.0.1:" + port, "after 3 attempts");
  }

  @Test
  void theCircuitOpensAfterFailuresInARowAndATrialClosesIt() {
    AtomicInteger status = new AtomicInteger(503);
    try (StubHttp stub =
        StubHttp.start(r -> status.get() == 200 ? Reply.ok(OK) : Reply.status(status.get(), "x"))) {
      var client =
          client(
              fast()
                  .withRetries(1, Duration.ofMillis(1), Duration.ofMillis(1))
                  .withBreaker(2, Duration.ofSeconds(30)));
      EndpointConfig endpoint = EndpointConfig.of(stub.url());
      client.query(endpoint, "up", T);
      client.query(endpoint, "up", T);
      var refused = client.query(endpoint, "up", T);
      assertThat(refused.attempts()).isZero();
      assertThat(((QueryOutcome.Failure) refused.outcome()).error())
          .isEqualTo(SignalError.CIRCUIT_OPEN);
      assertThat(((QueryOutcome.Failure) refused.outcome()).message())
          .contains("2 failures in a row", "HTTP 503", "next try is in 30s");
      assertThat(stub.requests()).hasSize(2);

      clock.advance(Duration.ofSeconds(31));
      status.set(200);
      assertThat(client.query(endpoint, "up", T).outcome())
          .isInstanceOf(QueryOutcome.Success.class);
      assertThat(client.breakerState(endpoint.url())).contains(CircuitBreaker.State.CLOSED);
    }
  }

  @Test
  void aFailedTrialOpensTheCircuitAgainAndClientErrorsDoNotCount() {
    AtomicInteger status = new AtomicInteger(503);
    try (StubHttp stub = StubHttp.start(r -> Reply.status(status.get(), "x"))) {
      var client =
          client(
              fast()
                  .withRetries(1, Duration.ofMillis(1), Duration.ofMillis(1))
                  .withBreaker(2, Duration.ofSeconds(30)));
      EndpointConfig endpoint = EndpointConfig.of(stub.url());
      client.query(endpoint, "up", T);
      client.query(endpoint, "up", T);
      clock.advance(Duration.ofSeconds(31));
      client.query(endpoint, "up", T); // the trial fails
      assertThat(client.breakerState(endpoint.url())).contains(CircuitBreaker.State.OPEN);
      assertThat(((QueryOutcome.Failure) client.query(endpoint, "up", T).outcome()).error())
          .isEqualTo(SignalError.CIRCUIT_OPEN);

      clock.advance(Duration.ofSeconds(31));
      status.set(401);
      for (int i = 0; i < 5; i++) {
        client.query(endpoint, "up", T);
      }
      assertThat(client.breakerState(endpoint.url())).contains(CircuitBreaker.State.CLOSED);
    }
  }

  @Test
  void endpointsRefuseCredentialHeadersAndLineBreaks() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                EndpointConfig.of("http://p:9090")
                    .withHeaders(List.of(new HttpHeader("Authorization", "Bearer x"))))
        .hasMessageContaining("Authorization");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                EndpointConfig.of("http://p:9090")
                    .withHeaders(List.of(new HttpHeader("X-Scope-OrgID", "a\r\nX: y"))))
        .hasMessageContaining("line break");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> EndpointConfig.of("http://user:pw@p:9090"))
        .isInstanceOf(IllegalArgumentException.class);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Credentials.bearer("a\nb"))
        .hasMessageNotContaining("a\nb");
  }
}
