package dev.headroom.sim.model;

import java.util.Arrays;
import java.util.Objects;

/**
 * A service-time distribution with a given mean and coefficient of variation, chosen so that its
 * sum with an exponential wait has a closed-form tail: for cv <= 1 a constant part plus an
 * exponential (cv = 0 is deterministic, cv = 1 exponential); for cv > 1 a two-phase
 * hyperexponential with balanced means.
 *
 * @param shiftSeconds the constant part
 * @param weights the probabilities of the exponential phases (empty when deterministic)
 * @param ratesPerSecond the phases' rates
 */
public record ServiceTime(double shiftSeconds, double[] weights, double[] ratesPerSecond) {

  public static ServiceTime of(double meanSeconds, double cv) {
    if (!(meanSeconds > 0) || !(cv >= 0)) {
      throw new IllegalArgumentException(
          "service time needs mean > 0 and cv >= 0, got " + meanSeconds + ", " + cv);
    }
    if (cv == 0) {
      return new ServiceTime(meanSeconds, new double[0], new double[0]);
    }
    if (cv <= 1) {
      double exponentialMean = meanSeconds * cv;
      return new ServiceTime(
          meanSeconds - exponentialMean, new double[] {1}, new double[] {1 / exponentialMean});
    }
    double cv2 = cv * cv;
    double p1 = (1 + Math.sqrt((cv2 - 1) / (cv2 + 1))) / 2;
    double p2 = 1 - p1;
    return new ServiceTime(
        0, new double[] {p1, p2}, new double[] {2 * p1 / meanSeconds, 2 * p2 / meanSeconds});
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ServiceTime that
        && shiftSeconds == that.shiftSeconds
        && Arrays.equals(weights, that.weights)
        && Arrays.equals(ratesPerSecond, that.ratesPerSecond);
  }

  @Override
  public int hashCode() {
    return Objects.hash(shiftSeconds, Arrays.hashCode(weights), Arrays.hashCode(ratesPerSecond));
  }

  @Override
  public String toString() {
    return "ServiceTime[shift="
        + shiftSeconds
        + " s, weights="
        + Arrays.toString(weights)
        + ", rates="
        + Arrays.toString(ratesPerSecond)
        + "]";
  }

  public double meanSeconds() {
    double mean = shiftSeconds;
    for (int i = 0; i < weights.length; i++) {
      mean += weights[i] / ratesPerSecond[i];
    }
    return mean;
  }

  /** P(service > seconds). */
  public double tail(double seconds) {
    double x = seconds - shiftSeconds;
    if (x < 0) {
      return 1;
    }
    double tail = 0;
    for (int i = 0; i < weights.length; i++) {
      tail += weights[i] * Math.exp(-ratesPerSecond[i] * x);
    }
    return tail;
  }

  /** The same shape, every duration multiplied by {@code factor} (a slower or faster server). */
  public ServiceTime scaled(double factor) {
    double[] rates = new double[ratesPerSecond.length];
    for (int i = 0; i < rates.length; i++) {
      rates[i] = ratesPerSecond[i] / factor;
    }
    return new ServiceTime(shiftSeconds * factor, weights.clone(), rates);
  }
}
