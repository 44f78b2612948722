package dev.headroom.sim.model;

import java.util.ArrayList;
import java.util.List;

/** The latency of all requests together when pods differ: a mixture weighted by requests served. */
public final class LatencyMixture implements Latency {
  private final List<Latency> parts = new ArrayList<>();
  private final List<Double> weights = new ArrayList<>();
  private double totalWeight;

  /** Adds requests served with this latency; identical parts are merged to keep tails cheap. */
  public void add(Latency latency, double requests) {
    if (!(requests > 0)) {
      return;
    }
    for (int i = 0; i < parts.size(); i++) {
      if (parts.get(i).equals(latency)) {
        weights.set(i, weights.get(i) + requests);
        totalWeight += requests;
        return;
      }
    }
    parts.add(latency);
    weights.add(requests);
    totalWeight += requests;
  }

  public boolean isEmpty() {
    return parts.isEmpty();
  }

  @Override
  public double tail(double seconds) {
    double tail = 0;
    for (int i = 0; i < parts.size(); i++) {
      tail += weights.get(i) * parts.get(i).tail(seconds);
    }
    return tail / totalWeight;
  }

  @Override
  public double meanSeconds() {
    double mean = 0;
    for (int i = 0; i < parts.size(); i++) {
      mean += weights.get(i) * parts.get(i).meanSeconds();
    }
    return mean / totalWeight;
  }

  /** NaN when no request was served. */
  @Override
  public double quantileSeconds(double q) {
    return isEmpty() ? Double.NaN : Quantiles.invertTail(this, q);
  }
}
