package dev.headroom.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * What the engine has learned of the workload from observations alone: the CPU one request costs
 * (so a replica's capacity follows from its cores), and per latency budget the service time's cv, a
 * factor on the queueing delay and a load-independent residual.
 *
 * @param serviceDemandCoreSeconds CPU seconds per request; NaN until first learned
 * @param queueFactor per latency budget, the multiplier on the model's queueing delay
 * @param residualSeconds per latency budget, latency the model does not explain by load
 * @param overloads per latency budget, the lowest request rate per replica at which it was last
 *     seen violated in a steady state: evidence, where the model is only a fit
 * @param served per latency budget, the highest request rate per replica at which it was seen not
 *     violated in a steady state (since it was last seen violated at that rate or below): evidence
 *     the other way
 * @param serviceCv per latency budget, the service time's coefficient of variation as the budget's
 *     latency at low load shows it, in [{@link QueueingModel#MIN_SERVICE_CV}, 1]; 1 (exponential)
 *     until learned
 */
public record CapacityEstimate(
    double serviceDemandCoreSeconds,
    Map<String, Double> queueFactor,
    Map<String, Double> residualSeconds,
    Map<String, Overload> overloads,
    Map<String, Double> served,
    Map<String, Double> serviceCv) {

  /**
   * A budget seen violated at a load per replica.
   *
   * @param rpsPerReplica the request rate per Ready replica then
   * @param at when it was last seen (or lowered)
   */
  public record Overload(double rpsPerReplica, Instant at) {}

  /**
   * How fast the evidence of an overload fades, per minute without a new violation: so that a load
   * that was too much once (a noisy minute, a dependency since recovered) is tried again slowly
   * instead of held against the service for ever.
   */
  static final double OVERLOAD_RELAX_PER_MINUTE = 0.02;

  /** How quickly estimates follow new observations (exponential smoothing weight). */
  static final double SMOOTHING = 0.3;

  static final double MIN_QUEUE_FACTOR = 0.2;

  /** From this utilisation on a replica is treated as saturated. */
  static final double SATURATED = 0.9;

  static final double MAX_QUEUE_FACTOR = 5;

  /**
   * Below this utilisation a gap between observed and modelled latency is taken as
   * load-independent. Above it, heavy-tailed service times and bursty arrivals make queueing a
   * large share of the latency even at moderate load: calling that gap load-independent would say
   * more replicas cannot help when they can.
   */
  static final double RESIDUAL_UTILIZATION = 0.25;

  /**
   * Rates per replica closer than this share count as the same load: half the change between two
   * decisions that still counts as a steady load ({@link LoadTrend#STEADY}).
   */
  static final double SAME_LOAD = LoadTrend.STEADY / 2;

  public CapacityEstimate {
    queueFactor = Map.copyOf(queueFactor);
    residualSeconds = Map.copyOf(residualSeconds);
    // A state written before overloads were kept has none.
    overloads = overloads == null ? Map.of() : Map.copyOf(overloads);
    served = served == null ? Map.of() : Map.copyOf(served);
    serviceCv = serviceCv == null ? Map.of() : Map.copyOf(serviceCv);
  }

  public CapacityEstimate(
      double serviceDemandCoreSeconds,
      Map<String, Double> queueFactor,
      Map<String, Double> residualSeconds,
      Map<String, Overload> overloads,
      Map<String, Double> served) {
    this(serviceDemandCoreSeconds, queueFactor, residualSeconds, overloads, served, Map.of());
  }

  public CapacityEstimate(
      double serviceDemandCoreSeconds,
      Map<String, Double> queueFactor,
      Map<String, Double> residualSeconds,
      Map<String, Overload> overloads) {
    this(serviceDemandCoreSeconds, queueFactor, residualSeconds, overloads, Map.of());
  }

  public CapacityEstimate(
      double serviceDemandCoreSeconds,
      Map<String, Double> queueFactor,
      Map<String, Double> residualSeconds) {
    this(serviceDemandCoreSeconds, queueFactor, residualSeconds, Map.of(), Map.of());
  }

  public static CapacityEstimate unknown() {
    return new CapacityEstimate(Double.NaN, Map.of(), Map.of(), Map.of(), Map.of(), Map.of());
  }

  /**
   * The highest request rate per replica at which a budget was seen not violated in a steady state;
   * NaN when it never was (or was since seen violated at that rate or below).
   */
  public double servedRpsPerReplica(String budget) {
    return served.getOrDefault(budget, Double.NaN);
  }

  /**
   * The request rate per replica above which a budget has been seen violated, relaxed by the
   * minutes since; infinite when it never was.
   */
  public double overloadedAtRpsPerReplica(String budget, Instant now) {
    Overload overload = overloads.get(budget);
    if (overload == null) {
      return Double.POSITIVE_INFINITY;
    }
    double minutes = Math.max(0, Duration.between(overload.at(), now).toSeconds() / 60.0);
    return overload.rpsPerReplica() * (1 + OVERLOAD_RELAX_PER_MINUTE * minutes);
  }

  /**
   * Records a steady-state observation of a latency budget: violated lowers the overload point to
   * this load per replica (and forgets having served as much or more); met at or above it raises
   * it, since the service now copes there.
   */
  CapacityEstimate withOverloadEvidence(
      String budget, boolean violated, double rpsPerReplica, Instant now) {
    double known = overloadedAtRpsPerReplica(budget, now);
    Map<String, Overload> next = new HashMap<>(overloads);
    Map<String, Double> nextServed = new HashMap<>(served);
    if (violated) {
      next.put(budget, new Overload(Math.min(rpsPerReplica, known), now));
      if (servedRpsPerReplica(budget) >= rpsPerReplica) {
        nextServed.remove(budget);
      }
    } else if (rpsPerReplica >= known * (1 - SAME_LOAD)) {
      // Met at the same load, within the noise of a measured rate: the violation there was not
      // the load's doing (a slow dependency that has recovered, say). Met where the engine plans
      // for (at most 90 % of the point) proves nothing.
      next.remove(budget);
    } else {
      return this;
    }
    return new CapacityEstimate(
        serviceDemandCoreSeconds, queueFactor, residualSeconds, next, nextServed, serviceCv);
  }

  /**
   * Records a steady-state observation of a latency budget not violated at this load per replica.
   */
  CapacityEstimate withServedEvidence(String budget, double rpsPerReplica) {
    if (servedRpsPerReplica(budget) >= rpsPerReplica) {
      return this;
    }
    Map<String, Double> nextServed = new HashMap<>(served);
    nextServed.put(budget, rpsPerReplica);
    return new CapacityEstimate(
        serviceDemandCoreSeconds, queueFactor, residualSeconds, overloads, nextServed, serviceCv);
  }

  public boolean known() {
    return !Double.isNaN(serviceDemandCoreSeconds);
  }

  public double queueFactor(String budget) {
    return queueFactor.getOrDefault(budget, 1.0);
  }

  public double residual(String budget) {
    return residualSeconds.getOrDefault(budget, 0.0);
  }

  public double serviceCv(String budget) {
    return serviceCv.getOrDefault(budget, 1.0);
  }

  /** The predicted latency statistic of a budget with this many ready replicas. */
  public double predictLatency(
      Budget budget, double totalRps, int replicas, double coresPerReplica) {
    double model =
        QueueingModel.latencySeconds(
            budget.quantile(),
            totalRps / replicas,
            serviceDemandCoreSeconds,
            coresPerReplica,
            queueFactor(budget.name()),
            serviceCv(budget.name()));
    return model + residual(budget.name());
  }

  /** Learns the CPU cost of a request from CPU use and request rate. */
  CapacityEstimate withDemandObservation(double totalRps, double cpuCoresTotal) {
    if (totalRps < 1e-6 || cpuCoresTotal <= 0) {
      return this;
    }
    double observed = cpuCoresTotal / totalRps;
    double next = known() ? smooth(serviceDemandCoreSeconds, observed) : observed;
    return new CapacityEstimate(next, queueFactor, residualSeconds, overloads, served, serviceCv);
  }

  /**
   * Learns one latency budget's corrections. Which correction an observation informs depends on how
   * much of the modelled latency is queueing: at low utilisation a gap is the service time's shape
   * (the cv, as far as it explains the gap) and then load-independent (the residual); at high
   * utilisation it is the shape of the queue (the factor). Learning both from one point would be
   * guesswork.
   */
  CapacityEstimate withLatencyObservation(
      Budget budget, double observedSeconds, double totalRps, int replicas, double cores) {
    if (!known() || replicas < 1 || totalRps < 1e-6) {
      return this;
    }
    String name = budget.name();
    double perReplica = totalRps / replicas;
    double utilization = QueueingModel.utilization(perReplica, serviceDemandCoreSeconds, cores);
    if (utilization >= SATURATED) {
      // A saturated replica's latency is its backlog, which no steady-state model explains.
      return this;
    }
    double factor = queueFactor(name);
    double residual = residual(name);
    Map<String, Double> cvs = new HashMap<>(serviceCv);
    if (utilization < RESIDUAL_UTILIZATION
        && !Double.isNaN(budget.quantile())
        && observedSeconds > 0) {
      cvs.put(
          name,
          smooth(
              serviceCv(name),
              cvExplaining(budget.quantile(), observedSeconds, perReplica, cores, factor)));
    }
    double cv = cvs.getOrDefault(name, 1.0);
    double noQueue =
        QueueingModel.latencySeconds(
            budget.quantile(), 1e-9, serviceDemandCoreSeconds, cores, 1, cv);
    double modelled = modelledAt(budget.quantile(), perReplica, cores, factor, cv);
    Map<String, Double> factors = new HashMap<>(queueFactor);
    Map<String, Double> residuals = new HashMap<>(residualSeconds);
    double queueing = modelled - noQueue;
    boolean residualTooLarge =
        residual > 0 && Double.isFinite(modelled) && observedSeconds < modelled + residual;
    if (Double.isFinite(modelled)
        && (residualTooLarge
            || utilization < RESIDUAL_UTILIZATION
            || (utilization < 0.8 && queueing < 0.2 * observedSeconds))) {
      // A load-independent part larger than what is observed now cannot be right, whatever the
      // utilisation (a slow dependency that recovered): shrink it before touching the factor.
      residuals.put(name, smooth(residual, observedSeconds - modelled));
    } else if (Double.isFinite(modelled) && queueing > 0) {
      double wanted = factor * (observedSeconds - residual - noQueue) / queueing;
      factors.put(name, clamp(smooth(factor, wanted), MIN_QUEUE_FACTOR, MAX_QUEUE_FACTOR));
    }
    return new CapacityEstimate(
        serviceDemandCoreSeconds, factors, residuals, overloads, served, cvs);
  }

  /**
   * The service-time cv in [{@link QueueingModel#MIN_SERVICE_CV}, 1] at which the model alone shows
   * the observed quantile at this load: a latency under the exponential model's is a service time
   * more regular than exponential (a request of fixed work), not a negative load-independent part;
   * one over it stays the residual's (a dependency's wait adds, it does not vary the work).
   */
  private double cvExplaining(
      double quantile, double observedSeconds, double perReplica, double cores, double factor) {
    double low = QueueingModel.MIN_SERVICE_CV;
    double high = 1;
    if (modelledAt(quantile, perReplica, cores, factor, high) <= observedSeconds) {
      return high;
    }
    if (modelledAt(quantile, perReplica, cores, factor, low) >= observedSeconds) {
      return low;
    }
    // The model grows with cv; 20 halvings place it within 1e-6 of the interval.
    for (int i = 0; i < 20; i++) {
      double middle = (low + high) / 2;
      if (modelledAt(quantile, perReplica, cores, factor, middle) < observedSeconds) {
        low = middle;
      } else {
        high = middle;
      }
    }
    return (low + high) / 2;
  }

  private double modelledAt(
      double quantile, double perReplica, double cores, double factor, double cv) {
    return QueueingModel.latencySeconds(
        quantile, perReplica, serviceDemandCoreSeconds, cores, factor, cv);
  }

  /** The same estimate without any overload or served point (the pods changed size). */
  CapacityEstimate withoutOverloads() {
    return new CapacityEstimate(
        serviceDemandCoreSeconds, queueFactor, residualSeconds, Map.of(), Map.of(), serviceCv);
  }

  /** The same estimate without the learned corrections of one latency budget. */
  CapacityEstimate withoutCorrections(String budget) {
    Map<String, Double> factors = new HashMap<>(queueFactor);
    Map<String, Double> residuals = new HashMap<>(residualSeconds);
    Map<String, Overload> kept = new HashMap<>(overloads);
    Map<String, Double> keptServed = new HashMap<>(served);
    Map<String, Double> cvs = new HashMap<>(serviceCv);
    factors.remove(budget);
    residuals.remove(budget);
    kept.remove(budget);
    keptServed.remove(budget);
    cvs.remove(budget);
    return new CapacityEstimate(
        serviceDemandCoreSeconds, factors, residuals, kept, keptServed, cvs);
  }

  private static double smooth(double previous, double observed) {
    return previous + SMOOTHING * (observed - previous);
  }

  private static double clamp(double value, double min, double max) {
    return Math.max(min, Math.min(max, value));
  }
}
