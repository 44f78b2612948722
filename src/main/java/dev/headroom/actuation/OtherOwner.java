package dev.headroom.actuation;

/**
 * Another object that controls the same target.
 *
 * @param kind e.g. {@code HorizontalPodAutoscaler}, {@code VerticalPodAutoscaler}, {@code
 *     ScaledObject}, {@code PerformancePolicy}
 * @param apiVersion the API version it was read through, e.g. {@code autoscaling/v1}
 * @param name its name, in the target's namespace
 */
public record OtherOwner(String kind, String apiVersion, String name) {
  /** {@code HorizontalPodAutoscaler web}. */
  public String describe() {
    return kind + " " + name;
  }
}
