package dev.headroom.sim.model;

/**
 * One pod's M/G/c queue in equilibrium at a given arrival rate.
 *
 * @param servers c: one server per started core
 * @param capacityRps the most requests per second the pod completes (usable cores / service time)
 * @param arrivalRps the arrival rate the equilibrium is computed at (at most the stable maximum)
 * @param utilization arrivals / capacity, 0..1
 * @param latency the requests' latency (queueing wait plus service, plus any slow dependency)
 */
public record SteadyState(
    int servers, double capacityRps, double arrivalRps, double utilization, PodLatency latency) {

  /** Requests in flight by Little's law: arrival rate times mean latency. */
  public double inFlightRequests() {
    return arrivalRps * latency.meanSeconds();
  }
}
