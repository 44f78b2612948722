package dev.headroom.sim.report;

import java.util.Comparator;
import java.util.List;

/** The controllers the ratios compare, and the order every report lists controllers in. */
public final class ControllerNames {
  public static final String HEADROOM = "headroom";
  public static final String HPA = "hpa";
  public static final String KEDA = "keda";
  public static final String ORACLE = "oracle";

  /** Known controllers first, in this order, so reports do not depend on the simulator's order. */
  public static final List<String> CANONICAL_ORDER = List.of(HEADROOM, HPA, KEDA, ORACLE);

  /** Known controllers in canonical order, then any others by name. */
  static final Comparator<String> REPORT_ORDER =
      Comparator.comparingInt(ControllerNames::rank).thenComparing(Comparator.naturalOrder());

  private ControllerNames() {}

  private static int rank(String controller) {
    int index = CANONICAL_ORDER.indexOf(controller);
    return index >= 0 ? index : CANONICAL_ORDER.size();
  }
}
