package dev.headroom.reconciler;

import dev.headroom.api.v1alpha1.Budgets;
import dev.headroom.api.v1alpha1.GoDuration;
import dev.headroom.api.v1alpha1.LatencyBudget;
import dev.headroom.api.v1alpha1.PerformancePolicy;
import dev.headroom.signals.SignalError;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How long a new policy's missing series are "not there yet" rather than a problem: one window of
 * the policy's queries, from when the policy or its target was created, whichever is later. A
 * {@code rate()} over a window has no value until Prometheus holds samples of it, and a service's
 * series appear only once its pods are scraped; calling that {@code NoData} with a Warning seconds
 * after {@code kubectl apply} is a false alarm.
 *
 * <p>Both times are the API server's {@code creationTimestamp}s, not when this operator first saw
 * the objects: a restarted operator grants an old policy no new grace. Only an empty answer ({@link
 * SignalError#NO_DATA}) is covered: an unreachable Prometheus or a query it refuses is a problem at
 * once.
 *
 * @param since when the policy or its target was created, whichever is later; {@link Instant#MIN}
 *     when neither time is known, which grants no grace
 * @param window the longest window the policy's queries use, as the spec writes it
 * @param length {@code window} as a duration
 */
record MissingDataGrace(Instant since, String window, Duration length) {
  /** The reason of the {@code MetricsAvailable} condition while the grace lasts. */
  static final String REASON_WAITING = "Waiting";

  /** What a window the spec leaves out defaults to (the CRD's default for every rate window). */
  static final String DEFAULT_WINDOW = LatencyBudget.DEFAULT_WINDOW;

  static MissingDataGrace of(PerformancePolicy policy, TargetSnapshot target) {
    Instant since = timestamp(policy.getMetadata().getCreationTimestamp()).orElse(Instant.MIN);
    if (target.created().isPresent() && target.created().get().isAfter(since)) {
      since = target.created().get();
    }
    String window = DEFAULT_WINDOW;
    Duration length = GoDuration.parse(DEFAULT_WINDOW);
    boolean first = true;
    for (String candidate : windows(policy.getSpec().budgets())) {
      Optional<Duration> parsed = duration(candidate);
      if (parsed.isPresent() && (first || parsed.get().compareTo(length) > 0)) {
        window = candidate;
        length = parsed.get();
        first = false;
      }
    }
    return new MissingDataGrace(since, window, length);
  }

  /** When missing series start to count as missing. */
  Instant until() {
    return since.plus(length);
  }

  /** Whether this reading, at {@code now}, is a new policy's series not being there yet. */
  boolean covers(MetricsReading reading, Instant now) {
    return !reading.available()
        && SignalError.NO_DATA.reason().equals(reading.reason())
        && now.isBefore(until());
  }

  /**
   * The windows of the {@code rate()}s the policy's budgets read. A memory budget's is not one: the
   * working set is a gauge, there from the first scrape.
   */
  private static List<String> windows(Budgets budgets) {
    List<String> out = new ArrayList<>();
    if (budgets == null) {
      return out;
    }
    if (budgets.latency() != null) {
      budgets.latency().forEach(b -> out.add(b.effectiveWindow()));
    }
    if (budgets.errorRate() != null) {
      out.add(budgets.errorRate().effectiveWindow());
    }
    if (budgets.throughput() != null) {
      out.add(orDefault(budgets.throughput().window()));
    }
    if (budgets.cpu() != null) {
      out.add(orDefault(budgets.cpu().window()));
    }
    return out;
  }

  private static String orDefault(String window) {
    return window == null ? DEFAULT_WINDOW : window;
  }

  /** A window the spec cannot parse is left out: the reading says InvalidMetricSpec anyway. */
  private static Optional<Duration> duration(String window) {
    try {
      return Optional.of(GoDuration.parse(window));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  /** A {@code creationTimestamp}, if there is one that parses. */
  static Optional<Instant> timestamp(String timestamp) {
    if (timestamp == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.parse(timestamp));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
