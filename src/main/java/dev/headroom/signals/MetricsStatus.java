package dev.headroom.signals;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What the reconciler puts into a policy's {@code MetricsAvailable} condition.
 *
 * @param available every signal the policy needs was read, fresh and finite
 * @param reason {@code MetricsRead}, else the reason of the most actionable error ({@link
 *     SignalError#reason()})
 * @param message one sentence per signal that failed, else a summary
 * @param signals each signal's own status
 */
public record MetricsStatus(
    boolean available, String reason, String message, List<SignalStatus> signals) {
  public static final String REASON_READ = "MetricsRead";
  static final int MAX_MESSAGE = 1024;

  public MetricsStatus {
    signals = List.copyOf(signals);
  }

  /** The status of {@code signal}, e.g. {@code latency/p95}. */
  public Optional<SignalStatus> signal(String signal) {
    return signals.stream().filter(s -> s.signal().equals(signal)).findFirst();
  }

  /** The most actionable error among the signals, if any failed. */
  public Optional<SignalError> worstError() {
    return signals.stream().flatMap(s -> s.error().stream()).min(Comparator.naturalOrder());
  }

  static MetricsStatus of(List<SignalStatus> signals, String endpoint) {
    Optional<SignalError> worst =
        signals.stream().flatMap(s -> s.error().stream()).min(Comparator.naturalOrder());
    if (worst.isEmpty()) {
      return new MetricsStatus(
          true,
          REASON_READ,
          "read "
              + signals.size()
              + " signal"
              + (signals.size() == 1 ? "" : "s")
              + " from "
              + endpoint,
          signals);
    }
    String message =
        signals.stream()
            .filter(s -> !s.available())
            .sorted(Comparator.comparing(s -> s.error().orElseThrow()))
            .map(s -> s.signal() + ": " + s.message())
            .collect(Collectors.joining("; "));
    if (message.length() > MAX_MESSAGE) {
      message = message.substring(0, MAX_MESSAGE - 1) + "…";
    }
    return new MetricsStatus(false, worst.get().reason(), message, signals);
  }
}
