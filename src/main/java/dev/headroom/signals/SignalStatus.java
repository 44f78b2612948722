package dev.headroom.signals;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * How one signal of a policy was read.
 *
 * @param signal what it feeds, as status and Events name it: {@code latency/p95}, {@code
 *     errorRate}, {@code throughput}, {@code requestRate}, {@code cpu}, {@code memory}, {@code
 *     containers}
 * @param kind what it measures
 * @param error why it has no usable value; empty when it has one
 * @param message for people: the value read, or what went wrong (Prometheus' own words for a bad
 *     query)
 * @param sampledAt when its newest underlying sample was scraped (for a custom template: when
 *     Prometheus evaluated it), if known
 */
public record SignalStatus(
    String signal,
    SignalKind kind,
    Optional<SignalError> error,
    String message,
    Optional<Instant> sampledAt) {
  public SignalStatus {
    Objects.requireNonNull(signal, "signal");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(error, "error");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(sampledAt, "sampledAt");
  }

  public boolean available() {
    return error.isEmpty();
  }
}
