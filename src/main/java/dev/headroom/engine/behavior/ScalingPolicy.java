package dev.headroom.engine.behavior;

import java.time.Duration;
import java.util.Objects;

/**
 * One limit on the rate of change in a direction, as the HPA's HPAScalingPolicy: at most {@code
 * value} pods (or percent) per {@code period}, counted over the scale events inside the period.
 *
 * @param type pods or percent
 * @param value how many pods, or what percentage; positive
 * @param period the sliding window the limit holds over; positive
 */
public record ScalingPolicy(PolicyType type, int value, Duration period) {
  public ScalingPolicy {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(period, "period");
    if (value <= 0) {
      throw new IllegalArgumentException("policy value must be positive: " + value);
    }
    if (period.isNegative() || period.isZero()) {
      throw new IllegalArgumentException("policy period must be positive: " + period);
    }
  }

  public static ScalingPolicy pods(int pods, Duration period) {
    return new ScalingPolicy(PolicyType.PODS, pods, period);
  }

  public static ScalingPolicy percent(int percent, Duration period) {
    return new ScalingPolicy(PolicyType.PERCENT, percent, period);
  }
}
