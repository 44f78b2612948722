package dev.headroom.sim.evaluate;

import java.util.ArrayList;
import java.util.List;

/** Hand-made scenario evaluations for tests: no simulation runs. */
public final class Evaluations {
  private Evaluations() {}

  public static Point headroom(int violationSeconds, long replicaSeconds) {
    return new Point(Settings.HEADROOM, "", violationSeconds, replicaSeconds);
  }

  public static Point oracle(int violationSeconds, long replicaSeconds) {
    return new Point(Settings.ORACLE, "", violationSeconds, replicaSeconds);
  }

  public static Point hpa(String setting, int violationSeconds, long replicaSeconds) {
    return new Point(Settings.HPA, setting, violationSeconds, replicaSeconds);
  }

  public static Point kedaLatency(String setting, int violationSeconds, long replicaSeconds) {
    return new Point(Settings.KEDA_LATENCY, setting, violationSeconds, replicaSeconds);
  }

  public static Point kedaRps(String setting, int violationSeconds, long replicaSeconds) {
    return new Point(Settings.KEDA_RPS, setting, violationSeconds, replicaSeconds);
  }

  /** A scenario of 3600 s with Headroom, the oracle and the given baselines. */
  public static ScenarioEvaluation of(
      String name, String group, Point headroom, Point oracle, Point... baselines) {
    List<Point> points = new ArrayList<>();
    points.add(headroom);
    points.add(oracle);
    points.addAll(List.of(baselines));
    return new ScenarioEvaluation(name, group, "a " + group + " scenario", 3600, points);
  }

  /**
   * A full sweep's worth of points: Headroom at (100 s, 10 000 replica-s), the oracle at (0, 9
   * 000); the HPA's seven targets, KEDA's latency and request-rate triggers at five thresholds
   * each; when {@code dominated}, KEDA's request-rate trigger at 0.9x dominates Headroom.
   */
  public static ScenarioEvaluation sweep(String name, String group, boolean dominated) {
    List<Point> points = new ArrayList<>();
    points.add(headroom(100, 10_000));
    points.add(oracle(0, 9_000));
    int[] targets = {30, 40, 50, 60, 70, 80, 90};
    for (int i = 0; i < targets.length; i++) {
      // More replica-seconds at lower targets, less violation.
      points.add(hpa(targets[i] + "%", 20 + 60 * i, 16_000 - 1_000 * i));
    }
    String[] factors = {"0.5x", "0.625x", "0.75x", "0.875x", "1x"};
    for (int i = 0; i < factors.length; i++) {
      points.add(kedaLatency(factors[i], 40 + 50 * i, 14_000 - 1_200 * i));
    }
    String[] rps = {"0.3x", "0.45x", "0.6x", "0.75x", "0.9x"};
    for (int i = 0; i < rps.length; i++) {
      int violation = dominated && i == 4 ? 80 : 150 + 40 * i;
      points.add(kedaRps(rps[i], violation, 15_000 - 1_500 * i));
    }
    return new ScenarioEvaluation(name, group, "a " + group + " sweep", 3600, points);
  }
}
