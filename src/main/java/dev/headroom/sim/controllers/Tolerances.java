package dev.headroom.sim.controllers;

/**
 * How far the usage ratio may stray from 1.0 before the HPA acts, per direction (the HPA's
 * Tolerances; a single cluster-wide 0.1 unless the HPAConfigurableTolerance feature sets them per
 * HPA).
 *
 * @param scaleDown no scale-down while the ratio is at least {@code 1 - scaleDown}
 * @param scaleUp no scale-up while the ratio is at most {@code 1 + scaleUp}
 */
public record Tolerances(double scaleDown, double scaleUp) {
  public Tolerances {
    if (!(scaleDown >= 0) || !(scaleUp >= 0)) {
      throw new IllegalArgumentException("tolerances must be >= 0: " + scaleDown + ", " + scaleUp);
    }
  }

  public static Tolerances symmetric(double tolerance) {
    return new Tolerances(tolerance, tolerance);
  }

  /** The kube-controller-manager's default, {@code --horizontal-pod-autoscaler-tolerance=0.1}. */
  public static Tolerances hpaDefault() {
    return symmetric(0.1);
  }

  public boolean isWithin(double usageRatio) {
    return (1.0 - scaleDown) <= usageRatio && usageRatio <= (1.0 + scaleUp);
  }
}
