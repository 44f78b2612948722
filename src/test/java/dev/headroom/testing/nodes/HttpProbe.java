package dev.headroom.testing.nodes;

import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.Probe;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * One HTTP GET probe of one container run, as the kubelet runs it: the first after {@code
 * initialDelaySeconds} (or one {@code periodSeconds} when that is 0), then every {@code
 * periodSeconds} (default 10), each failing after {@code timeoutSeconds} (default 1) or on a status
 * outside 200–399. {@code failureThreshold} failures in a row (default 3) are a failure, one
 * success is a success. Sent asynchronously: a probe of an overloaded container must not hold up
 * the agent's other pods.
 */
final class HttpProbe {
  private static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(1))
          .build();

  private final Probe probe;
  private final String podIp;
  private Instant next;
  private int failures;
  private CompletableFuture<Boolean> inFlight;

  /** A probe of a container run started at {@code started}. */
  HttpProbe(Probe probe, String podIp, Instant started) {
    this.probe = probe;
    this.podIp = podIp;
    int delay = probe.getInitialDelaySeconds() == null ? 0 : probe.getInitialDelaySeconds();
    this.next = started.plusSeconds(delay > 0 ? delay : period());
  }

  /** Whether {@code probe} is an HTTP GET probe this class runs. */
  static boolean runs(Probe probe) {
    return probe != null && probe.getHttpGet() != null;
  }

  /**
   * Collects a finished probe and sends the next when due. A verdict when one is reached: true on a
   * success, false on the threshold's failure in a row; empty while undecided.
   */
  Optional<Boolean> step(Instant now) {
    Optional<Boolean> verdict = Optional.empty();
    if (inFlight != null) {
      if (!inFlight.isDone()) {
        return verdict;
      }
      boolean ok = inFlight.join();
      inFlight = null;
      int threshold = probe.getFailureThreshold() == null ? 3 : probe.getFailureThreshold();
      if (ok) {
        failures = 0;
        verdict = Optional.of(true);
      } else if (++failures >= threshold) {
        failures = 0;
        verdict = Optional.of(false);
      }
    }
    if (!now.isBefore(next)) {
      next = now.plusSeconds(period());
      send();
    }
    return verdict;
  }

  private int period() {
    return probe.getPeriodSeconds() == null ? 10 : probe.getPeriodSeconds();
  }

  private void send() {
    HTTPGetAction get = probe.getHttpGet();
    URI uri =
        URI.create(
            "http://"
                + podIp
                + ":"
                + get.getPort().getIntVal()
                + (get.getPath() == null ? "/" : get.getPath()));
    int timeout = probe.getTimeoutSeconds() == null ? 1 : probe.getTimeoutSeconds();
    inFlight =
        CLIENT
            .sendAsync(
                HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(timeout)).GET().build(),
                HttpResponse.BodyHandlers.discarding())
            .handle(
                (response, failure) ->
                    failure == null && response.statusCode() >= 200 && response.statusCode() < 400);
  }
}
