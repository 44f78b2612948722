package dev.headroom.sim.report;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Scores over a set of scenarios.
 *
 * @param scenarios how many scenarios
 * @param totals by controller name, in report order
 * @param ratios the claim ratios over the set
 */
public record Summary(int scenarios, Map<String, ControllerTotals> totals, SummaryRatios ratios) {

  public Summary {
    totals = Collections.unmodifiableMap(new LinkedHashMap<>(totals));
  }
}
