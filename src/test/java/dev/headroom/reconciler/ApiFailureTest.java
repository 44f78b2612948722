package dev.headroom.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headroom.actuation.ActuationException;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ApiFailureTest {

  @ParameterizedTest(name = "HTTP {0} → {1}")
  @CsvSource({
    "429, THROTTLED",
    "500, SERVER_ERROR",
    "502, SERVER_ERROR",
    "503, SERVER_ERROR",
    "504, TIMEOUT",
    "410, EXPIRED"
  })
  void passingStatusCodesAreClassified(int code, ApiFailure.Kind kind) {
    assertThat(ApiFailure.of(status(code, null)).map(ApiFailure::kind)).contains(kind);
  }

  @ParameterizedTest(name = "HTTP {0} is the policy's or the operator's to fix")
  @CsvSource({"400", "401", "403", "404", "409", "422"})
  void refusalsThatWouldRecurAreNotTransient(int code) {
    assertThat(ApiFailure.of(status(code, null))).isEmpty();
  }

  @Test
  void aThrottledRequestCarriesTheRetryAfterTheApiserverAskedFor() {
    assertThat(ApiFailure.of(status(429, 7)).flatMap(ApiFailure::retryAfter))
        .contains(Duration.ofSeconds(7));
    assertThat(ApiFailure.of(status(429, null)).flatMap(ApiFailure::retryAfter)).isEmpty();
  }

  @Test
  void connectionFailuresAreFoundUnderTheClientsWrapping() {
    var refused =
        new KubernetesClientException(
            "Failure executing: PATCH", new ConnectException("Connection refused"));
    var failure = ApiFailure.of(new ActuationException("scale failed", refused));
    assertThat(failure.map(ApiFailure::kind)).contains(ApiFailure.Kind.UNREACHABLE);
    assertThat(failure.map(ApiFailure::detail)).contains("ConnectException: Connection refused");

    var timedOut = new KubernetesClientException("timeout", new HttpTimeoutException("timed out"));
    assertThat(ApiFailure.of(timedOut).map(ApiFailure::kind)).contains(ApiFailure.Kind.TIMEOUT);

    var reset = new KubernetesClientException("x", new IOException("Connection reset"));
    assertThat(ApiFailure.of(reset).map(ApiFailure::kind)).contains(ApiFailure.Kind.UNREACHABLE);
  }

  @Test
  void onlyARefusedConnectionOrA429SurelyChangedNothing() {
    var refused = new KubernetesClientException("x", new ConnectException("Connection refused"));
    assertThat(ApiFailure.of(refused).map(ApiFailure::changedNothing)).contains(true);
    assertThat(ApiFailure.of(status(429, null)).map(ApiFailure::changedNothing)).contains(true);
    assertThat(ApiFailure.of(status(504, null)).map(ApiFailure::changedNothing)).contains(false);
    assertThat(ApiFailure.of(status(500, null)).map(ApiFailure::changedNothing)).contains(false);
    assertThat(ApiFailure.of(status(500, null)).map(ApiFailure::mayBeThePolicys)).contains(true);
    assertThat(ApiFailure.of(refused).map(ApiFailure::mayBeThePolicys)).contains(false);
  }

  @Test
  void otherErrorsAreNotTransient() {
    assertThat(
            ApiFailure.of(
                new KubernetesClientException(
                    "x", new com.fasterxml.jackson.core.JsonParseException(null, "bad json"))))
        .as("a body that does not parse is no outage")
        .isEmpty();
    assertThat(ApiFailure.of(new IllegalStateException("a bug"))).isEmpty();
    assertThat(ApiFailure.of(new ActuationException("container app not in the template")))
        .isEmpty();
    // An IOException that wraps another cause is judged by that cause.
    assertThat(
            ApiFailure.of(
                new KubernetesClientException(
                    "x", new IOException("parse", new IllegalArgumentException("bad json")))))
        .isEmpty();
  }

  private static KubernetesClientException status(int code, Integer retryAfterSeconds) {
    var status = new StatusBuilder().withCode(code).withMessage("refused");
    if (retryAfterSeconds != null) {
      status.withNewDetails().withRetryAfterSeconds(retryAfterSeconds).endDetails();
    }
    return new KubernetesClientException(status.build());
  }

  @Test
  void theDetailCarriesTheStatusMessage() {
    assertThat(ApiFailure.of(status(503, null)).map(ApiFailure::detail))
        .isEqualTo(Optional.of("HTTP 503: refused"));
  }
}
