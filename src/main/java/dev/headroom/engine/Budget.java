package dev.headroom.engine;

/**
 * One budget in the engine's units.
 *
 * @param name how status and reports call it, e.g. latency/p95, cpu/utilization
 * @param kind what it constrains (and so its unit)
 * @param quantile the latency quantile for {@link BudgetKind#LATENCY_QUANTILE}, else NaN
 * @param target past it the budget is violated (Warning)
 * @param critical past it the violation is Critical; NaN for none
 * @param scaleAt where horizontal scaling aims for this signal; NaN to aim at the target less the
 *     engine's headroom
 */
public record Budget(
    String name, BudgetKind kind, double quantile, double target, double critical, double scaleAt) {

  public Budget {
    if (!(target >= 0)) {
      throw new IllegalArgumentException(name + ": target must be a non-negative number");
    }
  }

  public static Budget of(String name, BudgetKind kind, double target) {
    return new Budget(name, kind, Double.NaN, target, Double.NaN, Double.NaN);
  }

  /** Everything but a throughput minimum is better lower. */
  public boolean higherIsWorse() {
    return kind != BudgetKind.THROUGHPUT_MIN;
  }

  public Severity severityOf(double observed) {
    if (!Double.isNaN(critical) && worse(observed, critical)) {
      return Severity.CRITICAL;
    }
    return worse(observed, target) ? Severity.WARNING : Severity.MET;
  }

  private boolean worse(double observed, double threshold) {
    return higherIsWorse() ? observed > threshold : observed < threshold;
  }

  /** The level horizontal scaling aims at. */
  public double aim(double headroom) {
    if (!Double.isNaN(scaleAt)) {
      return scaleAt;
    }
    return higherIsWorse() ? target * (1 - headroom) : target * (1 + headroom);
  }
}
