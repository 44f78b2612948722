package dev.headroom.engine.behavior;

/** The reasons {@link Normalized#reason()} can carry; the HPA's condition reasons plus ours. */
public final class Reasons {
  public static final String DESIRED_WITHIN_RANGE = "DesiredWithinRange";
  public static final String SCALE_UP_STABILIZED = "ScaleUpStabilized";
  public static final String SCALE_DOWN_STABILIZED = "ScaleDownStabilized";
  public static final String SCALE_UP_LIMIT = "ScaleUpLimit";
  public static final String SCALE_DOWN_LIMIT = "ScaleDownLimit";
  public static final String TOO_MANY_REPLICAS = "TooManyReplicas";
  public static final String TOO_FEW_REPLICAS = "TooFewReplicas";
  public static final String SCALING_DISABLED = "ScalingDisabled";
  public static final String SCALE_UP_COOLDOWN = "ScaleUpCooldown";
  public static final String SCALE_DOWN_COOLDOWN = "ScaleDownCooldown";

  private Reasons() {}
}
