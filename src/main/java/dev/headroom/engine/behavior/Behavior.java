package dev.headroom.engine.behavior;

import java.util.Objects;

/** Scaling rules for both directions, as the HPA's {@code spec.behavior} after defaulting. */
public record Behavior(DirectionRules scaleUp, DirectionRules scaleDown) {
  public Behavior {
    Objects.requireNonNull(scaleUp, "scaleUp");
    Objects.requireNonNull(scaleDown, "scaleDown");
  }

  /**
   * What an HPA whose {@code spec.behavior} is present but empty gets: scale-up without a window,
   * the larger of 4 pods and 100 % per 15 s; scale-down with a 300 s window, 100 % per 15 s.
   */
  public static Behavior hpaDefaults() {
    return new Behavior(DirectionRules.hpaScaleUpDefaults(), DirectionRules.hpaScaleDownDefaults());
  }

  public Behavior withScaleUp(DirectionRules rules) {
    return new Behavior(rules, scaleDown);
  }

  public Behavior withScaleDown(DirectionRules rules) {
    return new Behavior(scaleUp, rules);
  }
}
