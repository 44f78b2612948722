package dev.headroom.sim.model;

import java.util.Optional;

/**
 * What the simulated service is like; the controllers never see these.
 *
 * @param meanServiceSeconds mean CPU time of one request on one full core
 * @param serviceTimeCv coefficient of variation of the service time (1: exponential)
 * @param startupSeconds from pod creation (or container restart) to Ready
 * @param memoryBaseBytes working set of an idle container
 * @param memoryBytesPerInFlightRequest extra working set per request in flight
 * @param timeoutSeconds requests that would take longer fail (the client or proxy gives up)
 * @param slowDependency an optional episode of a slow downstream call
 */
public record ServiceParameters(
    double meanServiceSeconds,
    double serviceTimeCv,
    int startupSeconds,
    long memoryBaseBytes,
    long memoryBytesPerInFlightRequest,
    double timeoutSeconds,
    Optional<SlowDependency> slowDependency) {

  public static final double DEFAULT_TIMEOUT_SECONDS = 30;

  public ServiceParameters {
    if (!(meanServiceSeconds > 0)) {
      throw new IllegalArgumentException("meanServiceSeconds must be > 0");
    }
    if (!(serviceTimeCv >= 0)) {
      throw new IllegalArgumentException("serviceTimeCv must be >= 0");
    }
    if (startupSeconds < 0 || memoryBaseBytes < 0 || memoryBytesPerInFlightRequest < 0) {
      throw new IllegalArgumentException("startupSeconds and memory sizes must be >= 0");
    }
    if (!(timeoutSeconds > 0)) {
      throw new IllegalArgumentException("timeoutSeconds must be > 0");
    }
  }

  public double addedDependencySecondsAt(int second) {
    return slowDependency.map(d -> d.addedSecondsAt(second)).orElse(0.0);
  }
}
