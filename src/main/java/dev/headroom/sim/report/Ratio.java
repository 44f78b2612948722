package dev.headroom.sim.report;

import java.util.Collection;
import java.util.OptionalDouble;

/**
 * One controller's figure over another's, kept as both figures so that ratios over several
 * scenarios can be formed from sums rather than by averaging ratios.
 *
 * @param numerator e.g. Headroom's latency-violation seconds; NaN when that controller did not run
 * @param denominator e.g. the HPA's; NaN when that controller did not run
 */
public record Ratio(double numerator, double denominator) {

  /** For a comparison with a controller that did not run. */
  public static final Ratio UNDEFINED = new Ratio(Double.NaN, Double.NaN);

  /** Whether both controllers ran, so the figures can enter a sum. */
  public boolean defined() {
    return Double.isFinite(numerator) && Double.isFinite(denominator);
  }

  /**
   * The quotient; empty when undefined or when the denominator is 0 (0/0 and x/0 have no honest
   * value; the figures themselves are in the report).
   */
  public OptionalDouble value() {
    if (!defined() || denominator == 0) {
      return OptionalDouble.empty();
    }
    return OptionalDouble.of(numerator / denominator);
  }

  /** Sum of numerators over sum of denominators, over the defined ratios only. */
  public static Ratio ofSums(Collection<Ratio> ratios) {
    double numerators = 0;
    double denominators = 0;
    boolean any = false;
    for (Ratio ratio : ratios) {
      if (ratio.defined()) {
        numerators += ratio.numerator;
        denominators += ratio.denominator;
        any = true;
      }
    }
    return any ? new Ratio(numerators, denominators) : UNDEFINED;
  }
}
