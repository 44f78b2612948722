package dev.headroom.actuation;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The other owners of a policy's target; none means Headroom may act.
 *
 * @param owners each other owner once, in the order HPA, VPA, ScaledObject, PerformancePolicy
 */
public record Conflicts(List<OtherOwner> owners) {
  public Conflicts {
    owners = List.copyOf(owners);
  }

  public static Conflicts none() {
    return new Conflicts(List.of());
  }

  public boolean any() {
    return !owners.isEmpty();
  }

  /**
   * A sentence for a {@code Conflict} condition, e.g. {@code Deployment web is also controlled by
   * HorizontalPodAutoscaler web-hpa}; empty when there is no conflict.
   */
  public String message(String target) {
    if (owners.isEmpty()) {
      return "";
    }
    return target
        + " is also controlled by "
        + owners.stream().map(OtherOwner::describe).collect(Collectors.joining(", "));
  }
}
