package dev.headroom.reconciler;

import com.fasterxml.jackson.core.JacksonException;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

/**
 * A request to the apiserver that failed for a reason that passes by itself: the apiserver down or
 * restarting, overloaded, throttling this client, or a watch's resource version compacted away.
 * Such a failure says nothing about the policy, so it is not reported as if it did (no Warning
 * Event per policy, no stack trace); a refusal that the same request would meet again (403, 404,
 * 409, 422) is not one of these.
 *
 * @param kind what went wrong, as a condition reason and a metric label
 * @param detail the innermost cause's words, without the request's body
 * @param retryAfter how long the apiserver asked the client to wait (a 429's {@code Retry-After})
 */
public record ApiFailure(Kind kind, String detail, Optional<Duration> retryAfter) {

  /** The kinds, each one log line per interval at most. */
  public enum Kind {
    /** Connection refused or reset: the apiserver is not running or not reachable. */
    UNREACHABLE("ApiserverUnreachable"),
    /** No answer in time, or a 504 from the apiserver's own timeout. */
    TIMEOUT("ApiserverTimeout"),
    /** A 500, 502 or 503: the apiserver answers but cannot serve (etcd unavailable, say). */
    SERVER_ERROR("ApiserverError"),
    /** A 429: priority and fairness, or the apiserver's in-flight limit, refused the request. */
    THROTTLED("ApiserverThrottled"),
    /** A 410: the resource version asked for was compacted away; a relist recovers. */
    EXPIRED("ResourceVersionExpired");

    private final String reason;

    Kind(String reason) {
      this.reason = reason;
    }

    /** The condition reason and metric label value. */
    public String reason() {
      return reason;
    }
  }

  /**
   * Whether a ready apiserver could answer this too, for this request only: a 5xx or a timeout can
   * come from a webhook that fails (closed) on the policy's target, not from an outage. A refused
   * connection or a 429 cannot.
   */
  public boolean mayBeThePolicys() {
    return kind == Kind.SERVER_ERROR || kind == Kind.TIMEOUT;
  }

  /**
   * Whether the request surely changed nothing: it was never sent (connection refused) or was
   * refused before it was processed (429). A timeout or a 5xx may come after the change was made.
   */
  public boolean changedNothing() {
    return kind == Kind.UNREACHABLE || kind == Kind.THROTTLED;
  }

  /** The transient failure behind {@code error}, if it is one; empty for any other error. */
  public static Optional<ApiFailure> of(Throwable error) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (cause instanceof KubernetesClientException k && k.getCode() > 0) {
        return ofCode(k);
      }
      if (cause instanceof HttpTimeoutException
          || cause instanceof SocketTimeoutException
          || cause instanceof TimeoutException) {
        return Optional.of(new ApiFailure(Kind.TIMEOUT, words(cause), Optional.empty()));
      }
      if (cause instanceof ConnectException) {
        return Optional.of(new ApiFailure(Kind.UNREACHABLE, words(cause), Optional.empty()));
      }
      if (cause instanceof IOException
          && !(cause instanceof JacksonException)
          && cause.getCause() == null) {
        // Reset, closed channel, EOF: the connection went away under the request.
        return Optional.of(new ApiFailure(Kind.UNREACHABLE, words(cause), Optional.empty()));
      }
    }
    return Optional.empty();
  }

  private static Optional<ApiFailure> ofCode(KubernetesClientException error) {
    String detail = "HTTP " + error.getCode() + statusMessage(error);
    return switch (error.getCode()) {
      case 429 -> Optional.of(new ApiFailure(Kind.THROTTLED, detail, retryAfter(error)));
      case 500, 502, 503 ->
          Optional.of(new ApiFailure(Kind.SERVER_ERROR, detail, Optional.empty()));
      case 504 -> Optional.of(new ApiFailure(Kind.TIMEOUT, detail, Optional.empty()));
      case 410 -> Optional.of(new ApiFailure(Kind.EXPIRED, detail, Optional.empty()));
      default -> Optional.empty();
    };
  }

  /** The status's {@code details.retryAfterSeconds}, which the apiserver sets with the header. */
  private static Optional<Duration> retryAfter(KubernetesClientException error) {
    var status = error.getStatus();
    if (status == null
        || status.getDetails() == null
        || status.getDetails().getRetryAfterSeconds() == null
        || status.getDetails().getRetryAfterSeconds() <= 0) {
      return Optional.empty();
    }
    return Optional.of(Duration.ofSeconds(status.getDetails().getRetryAfterSeconds()));
  }

  private static String statusMessage(KubernetesClientException error) {
    var status = error.getStatus();
    return status == null || status.getMessage() == null || status.getMessage().isBlank()
        ? ""
        : ": " + status.getMessage();
  }

  private static String words(Throwable cause) {
    String message = cause.getMessage();
    return cause.getClass().getSimpleName()
        + (message == null || message.isBlank() ? "" : ": " + message);
  }
}
