package dev.headroom.sim.evaluate;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Every setting's result on one scenario and Headroom's verdict against the baselines.
 *
 * @param scenario its name
 * @param group the generator's family, or {@code built-in} / {@code file}
 * @param description one line on what it is
 * @param durationSeconds its length
 * @param points Headroom, the oracle, then every baseline setting
 */
public record ScenarioEvaluation(
    String scenario, String group, String description, int durationSeconds, List<Point> points) {

  public ScenarioEvaluation {
    points = List.copyOf(points);
  }

  public Point headroom() {
    return find(Settings.HEADROOM);
  }

  public Point oracle() {
    return find(Settings.ORACLE);
  }

  public List<Point> baselines() {
    return points.stream().filter(Point::isBaseline).toList();
  }

  /** The points of one family, in sweep order. */
  public List<Point> family(String family) {
    return points.stream().filter(p -> p.family().equals(family)).toList();
  }

  /** The baseline settings that dominate Headroom. */
  public List<Point> dominatedBy() {
    return baselines().stream().filter(b -> Pareto.dominates(b, headroom())).toList();
  }

  public boolean dominated() {
    return !dominatedBy().isEmpty();
  }

  /**
   * The oracle "meets the budgets" when it violates them at most 1 % of the time: with random
   * arrivals even a clairvoyant controller has a few unlucky seconds.
   */
  public boolean oracleMeetsBudgets() {
    return oracle().violationSeconds() <= 0.01 * durationSeconds;
  }

  public double replicaSecondsVsOracle() {
    return (double) headroom().replicaSeconds() / Math.max(1, oracle().replicaSeconds());
  }

  public double violationShare() {
    return (double) headroom().violationSeconds() / durationSeconds;
  }

  /** The cheapest baseline setting that violates no more than Headroom, if any does. */
  public Optional<Point> cheapestNoWorseBaseline() {
    return baselines().stream()
        .filter(b -> Pareto.violatesNoMore(b, headroom()))
        .min((a, b) -> Long.compare(a.replicaSeconds(), b.replicaSeconds()));
  }

  /** Headroom's replica-seconds over the cheapest baseline that violates no more. */
  public OptionalDouble replicaSecondsVsCheapestNoWorse() {
    return cheapestNoWorseBaseline()
        .map(b -> OptionalDouble.of((double) headroom().replicaSeconds() / b.replicaSeconds()))
        .orElse(OptionalDouble.empty());
  }

  /**
   * The least violation among KEDA's settings (either trigger) that pay no more replica-seconds
   * than Headroom.
   */
  public Optional<Point> bestKedaAtNoMoreReplicas() {
    return points.stream()
        .filter(p -> p.family().startsWith("keda"))
        .filter(p -> Pareto.paysNoMore(p, headroom()))
        .min((a, b) -> Integer.compare(a.violationSeconds(), b.violationSeconds()));
  }

  private Point find(String family) {
    return points.stream()
        .filter(p -> p.family().equals(family))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException(scenario + " has no " + family + " run"));
  }
}
