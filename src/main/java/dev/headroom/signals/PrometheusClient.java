package dev.headroom.signals;

import dev.headroom.api.v1alpha1.HttpHeader;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.random.RandomGenerator;
import javax.net.ssl.SSLException;

/**
 * Instant queries against Prometheus' HTTP API ({@code POST /api/v1/query}) with timeouts, bounded
 * retries with jittered backoff, and a circuit breaker per endpoint URL. Every call ends in a
 * {@link QueryOutcome}; nothing is thrown. Credentials go only into the {@code Authorization}
 * header and never into a message.
 */
final class PrometheusClient {
  /** What one query came to, and how many HTTP requests it took (0: refused by the breaker). */
  record Answer(QueryOutcome outcome, int attempts) {}

  private final SignalSettings settings;
  private final Backoff backoff;
  private final Sleeper sleeper;
  private final InstantSource clock;
  private final SignalMetrics metrics;
  private final Map<URI, CircuitBreaker> breakers = new ConcurrentHashMap<>();
  private final Map<TlsKey, HttpClient> clients = new ConcurrentHashMap<>();

  private record TlsKey(Optional<String> caPem, Optional<String> serverName) {}

  /** A client whose requests are counted in a registry of its own, for tests that ignore them. */
  PrometheusClient(
      SignalSettings settings, RandomGenerator jitter, Sleeper sleeper, InstantSource clock) {
    this(settings, jitter, sleeper, clock, new SignalMetrics(new PrometheusRegistry()));
  }

  PrometheusClient(
      SignalSettings settings,
      RandomGenerator jitter,
      Sleeper sleeper,
      InstantSource clock,
      SignalMetrics metrics) {
    this.settings = settings;
    this.metrics = metrics;
    this.backoff = new Backoff(settings.backoffBase(), settings.backoffMax(), jitter);
    this.sleeper = sleeper;
    this.clock = clock;
  }

  /** An instant query of {@code promql} evaluated at {@code time}. */
  Answer query(EndpointConfig endpoint, String promql, Instant time) {
    CircuitBreaker breaker =
        breakers.computeIfAbsent(
            endpoint.url(),
            u -> new CircuitBreaker(settings.breakerThreshold(), settings.breakerOpenFor(), clock));
    int attempts = 0;
    QueryOutcome outcome = null;
    while (true) {
      Optional<String> refusal = breaker.refusal();
      if (refusal.isPresent()) {
        // A retry the circuit refuses ends with the failure that was seen, not with the refusal.
        if (outcome == null) {
          metrics.refused(endpoint.url());
        }
        return outcome != null
            ? new Answer(withAttempts(outcome, attempts), attempts)
            : new Answer(
                new QueryOutcome.Failure(
                    SignalError.CIRCUIT_OPEN,
                    "Prometheus at " + endpoint.url() + " " + refusal.get()),
                attempts);
      }
      attempts++;
      long sent = System.nanoTime();
      outcome = once(endpoint, promql, time);
      metrics.request(endpoint.url(), outcome, Duration.ofNanos(System.nanoTime() - sent));
      if (outcome instanceof QueryOutcome.Failure failure && countsAgainstServer(failure.error())) {
        breaker.failed(failure.message());
      } else {
        breaker.succeeded();
      }
      if (!(outcome instanceof QueryOutcome.Failure failure)
          || !failure.error().retryable()
          || attempts >= settings.maxAttempts()) {
        return new Answer(withAttempts(outcome, attempts), attempts);
      }
      try {
        sleeper.sleep(backoff.delayAfter(attempts));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return new Answer(withAttempts(outcome, attempts), attempts);
      }
    }
  }

  /** The breaker's state for an endpoint, for tests and the health page. */
  Optional<CircuitBreaker.State> breakerState(URI url) {
    return Optional.ofNullable(breakers.get(url)).map(CircuitBreaker::state);
  }

  private static boolean countsAgainstServer(SignalError error) {
    return error == SignalError.UNREACHABLE
        || error == SignalError.TIMEOUT
        || error == SignalError.SERVER_ERROR;
  }

  private static QueryOutcome withAttempts(QueryOutcome outcome, int attempts) {
    if (attempts > 1 && outcome instanceof QueryOutcome.Failure f) {
      return new QueryOutcome.Failure(
          f.error(), f.message() + " (after " + attempts + " attempts)");
    }
    return outcome;
  }

  private QueryOutcome once(EndpointConfig endpoint, String promql, Instant time) {
    HttpClient client;
    try {
      client = client(endpoint);
    } catch (GeneralSecurityException | RuntimeException e) {
      return new QueryOutcome.Failure(SignalError.TLS_ERROR, "TLS settings: " + e.getMessage());
    }
    HttpRequest request;
    try {
      request = request(endpoint, promql, time);
    } catch (IllegalArgumentException e) {
      return new QueryOutcome.Failure(SignalError.INVALID_SPEC, "request: " + e.getMessage());
    }
    CompletableFuture<HttpResponse<byte[]>> future =
        client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray());
    try {
      // The request's own timeout covers the headers; this one covers a slow body too.
      HttpResponse<byte[]> response =
          future.get(settings.readTimeout().toMillis() + 250, TimeUnit.MILLISECONDS);
      return ResponseParser.parse(response.statusCode(), response.body());
    } catch (TimeoutException e) {
      future.cancel(true);
      return timeout(endpoint);
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      return new QueryOutcome.Failure(SignalError.UNREACHABLE, "interrupted");
    } catch (ExecutionException e) {
      return transport(endpoint, e.getCause());
    }
  }

  private QueryOutcome.Failure timeout(EndpointConfig endpoint) {
    return new QueryOutcome.Failure(
        SignalError.TIMEOUT,
        "no answer from " + endpoint.url() + " within " + settings.readTimeout().toMillis() + "ms");
  }

  private QueryOutcome.Failure transport(EndpointConfig endpoint, Throwable cause) {
    for (Throwable t = cause; t != null; t = t.getCause()) {
      if (t instanceof HttpConnectTimeoutException) {
        return new QueryOutcome.Failure(
            SignalError.UNREACHABLE,
            "no connection to "
                + endpoint.url()
                + " within "
                + settings.connectTimeout().toMillis()
                + "ms");
      }
      if (t instanceof HttpTimeoutException) {
        return timeout(endpoint);
      }
      if (t instanceof SSLException) {
        return new QueryOutcome.Failure(
            SignalError.TLS_ERROR, "TLS with " + endpoint.url() + " failed: " + describe(t));
      }
      if (t instanceof ConnectException || t instanceof UnknownHostException) {
        return new QueryOutcome.Failure(
            SignalError.UNREACHABLE, "cannot connect to " + endpoint.url() + ": " + describe(t));
      }
    }
    if (cause instanceof IOException) {
      return new QueryOutcome.Failure(
          SignalError.UNREACHABLE,
          "connection to " + endpoint.url() + " failed: " + describe(cause));
    }
    return new QueryOutcome.Failure(
        SignalError.BAD_RESPONSE, "request to " + endpoint.url() + " failed: " + describe(cause));
  }

  private static String describe(Throwable t) {
    String message = t.getMessage();
    return t.getClass().getSimpleName()
        + (message == null || message.isBlank() ? "" : " " + ResponseParser.quote(message));
  }

  private HttpRequest request(EndpointConfig endpoint, String promql, Instant time) {
    String form =
        "query="
            + URLEncoder.encode(promql, StandardCharsets.UTF_8)
            + "&time="
            + seconds(time)
            + "&timeout="
            + settings.readTimeout().toMillis()
            + "ms";
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create(endpoint.url() + "/api/v1/query"))
            .timeout(settings.readTimeout())
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Accept", "application/json")
            .header("User-Agent", "headroom-signals")
            .POST(HttpRequest.BodyPublishers.ofString(form, StandardCharsets.UTF_8));
    for (HttpHeader header : endpoint.headers()) {
      builder.header(header.name(), header.value());
    }
    endpoint
        .credentials()
        .authorization()
        .ifPresent(value -> builder.header("Authorization", value));
    return builder.build();
  }

  /** Unix seconds with milliseconds, as Prometheus takes {@code time}. */
  static String seconds(Instant time) {
    long millis = time.toEpochMilli();
    return millis / 1000 + "." + String.format("%03d", Math.floorMod(millis, 1000));
  }

  private HttpClient client(EndpointConfig endpoint) throws GeneralSecurityException {
    TlsKey key = new TlsKey(endpoint.caPem(), endpoint.serverName());
    HttpClient existing = clients.get(key);
    if (existing != null) {
      return existing;
    }
    HttpClient created =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(settings.connectTimeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .sslContext(Tls.context(endpoint.caPem(), endpoint.serverName()))
            .build();
    HttpClient raced = clients.putIfAbsent(key, created);
    return raced == null ? created : raced;
  }
}
