package dev.headroom.sim.model;

/**
 * The latency of one pod's requests: a constant delay (a slow dependency, the wait behind a
 * backlog), plus the queueing wait (0 with probability 1 - P(wait), otherwise exponential), plus
 * the service time.
 *
 * @param constantSeconds delay every request pays
 * @param waitProbability P(wait > 0)
 * @param waitRatePerSecond the rate of the exponential wait of those that wait
 * @param service the service time at this pod's server speed
 */
public record QueueLatency(
    double constantSeconds, double waitProbability, double waitRatePerSecond, ServiceTime service)
    implements PodLatency {

  @Override
  public QueueLatency plus(double seconds) {
    return seconds == 0
        ? this
        : new QueueLatency(constantSeconds + seconds, waitProbability, waitRatePerSecond, service);
  }

  @Override
  public double meanSeconds() {
    double meanWait = waitProbability == 0 ? 0 : waitProbability / waitRatePerSecond;
    return constantSeconds + meanWait + service.meanSeconds();
  }

  @Override
  public double tail(double seconds) {
    double y = seconds - constantSeconds - service.shiftSeconds();
    if (y < 0) {
      return 1;
    }
    double noWait = serviceTailPastShift(y);
    if (waitProbability == 0) {
      return noWait;
    }
    return (1 - waitProbability) * noWait + waitProbability * waitPlusServiceTail(y);
  }

  private double serviceTailPastShift(double y) {
    double tail = 0;
    double[] weights = service.weights();
    double[] rates = service.ratesPerSecond();
    for (int i = 0; i < weights.length; i++) {
      tail += weights[i] * Math.exp(-rates[i] * y);
    }
    return tail;
  }

  /** P(E + X > y) for the exponential wait E and the exponential phases X of the service. */
  private double waitPlusServiceTail(double y) {
    double theta = waitRatePerSecond;
    double[] weights = service.weights();
    double[] rates = service.ratesPerSecond();
    if (weights.length == 0) {
      return Math.exp(-theta * y);
    }
    double tail = 0;
    for (int i = 0; i < weights.length; i++) {
      double r = rates[i];
      double phase;
      if (Math.abs(r - theta) < 1e-9 * Math.max(r, theta)) {
        phase = (1 + r * y) * Math.exp(-r * y);
      } else {
        phase = (r * Math.exp(-theta * y) - theta * Math.exp(-r * y)) / (r - theta);
      }
      tail += weights[i] * phase;
    }
    return tail;
  }
}
