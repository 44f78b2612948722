package dev.headroom.engine.behavior;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The rules for one scaling direction, as the HPA's HPAScalingRules after defaulting, plus a
 * cooldown.
 *
 * @param stabilizationWindow how far back recommendations count: scaling up takes the lowest in the
 *     window, scaling down the highest; zero for none
 * @param selectPolicy which policy wins, or DISABLED
 * @param policies the rate limits; with none (and not DISABLED) no change in this direction is
 *     allowed, as in the HPA
 * @param cooldown our extension: the least time between two scale events in this direction; {@link
 *     Duration#ZERO} is the HPA's behaviour
 */
public record DirectionRules(
    Duration stabilizationWindow,
    SelectPolicy selectPolicy,
    List<ScalingPolicy> policies,
    Duration cooldown) {
  private static final Duration HPA_POLICY_PERIOD = Duration.ofSeconds(15);

  public DirectionRules {
    Objects.requireNonNull(stabilizationWindow, "stabilizationWindow");
    Objects.requireNonNull(selectPolicy, "selectPolicy");
    Objects.requireNonNull(cooldown, "cooldown");
    if (stabilizationWindow.isNegative()) {
      throw new IllegalArgumentException("negative stabilization window: " + stabilizationWindow);
    }
    if (cooldown.isNegative()) {
      throw new IllegalArgumentException("negative cooldown: " + cooldown);
    }
    policies = List.copyOf(policies);
  }

  /** The HPA's scale-up defaults: no window, the larger of 4 pods and 100 % per 15 s. */
  public static DirectionRules hpaScaleUpDefaults() {
    return new DirectionRules(
        Duration.ZERO,
        SelectPolicy.MAX,
        List.of(
            ScalingPolicy.pods(4, HPA_POLICY_PERIOD),
            ScalingPolicy.percent(100, HPA_POLICY_PERIOD)),
        Duration.ZERO);
  }

  /**
   * The HPA's scale-down defaults: a 300 s window (the controller's {@code
   * --horizontal-pod-autoscaler-downscale-stabilization} default), 100 % per 15 s.
   */
  public static DirectionRules hpaScaleDownDefaults() {
    return new DirectionRules(
        Duration.ofSeconds(300),
        SelectPolicy.MAX,
        List.of(ScalingPolicy.percent(100, HPA_POLICY_PERIOD)),
        Duration.ZERO);
  }

  public DirectionRules withStabilizationWindow(Duration window) {
    return new DirectionRules(window, selectPolicy, policies, cooldown);
  }

  public DirectionRules withSelectPolicy(SelectPolicy select) {
    return new DirectionRules(stabilizationWindow, select, policies, cooldown);
  }

  public DirectionRules withPolicies(List<ScalingPolicy> newPolicies) {
    return new DirectionRules(stabilizationWindow, selectPolicy, newPolicies, cooldown);
  }

  public DirectionRules withCooldown(Duration newCooldown) {
    return new DirectionRules(stabilizationWindow, selectPolicy, policies, newCooldown);
  }

  /** The longest policy period, zero without policies. */
  public Duration longestPolicyPeriod() {
    return policies.stream()
        .map(ScalingPolicy::period)
        .max(Duration::compareTo)
        .orElse(Duration.ZERO);
  }
}
