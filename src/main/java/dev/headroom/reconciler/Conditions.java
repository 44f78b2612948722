package dev.headroom.reconciler;

import dev.headroom.api.v1alpha1.PolicyCondition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Sets conditions the way Kubernetes expects: one per type, and {@code lastTransitionTime} moves
 * only when the status does, so a condition tells how long it has held.
 */
public final class Conditions {
  private Conditions() {}

  /** The conditions with {@code next} set in place of any condition of its type. */
  public static List<PolicyCondition> set(
      List<PolicyCondition> current,
      String type,
      String status,
      String reason,
      String message,
      long generation,
      Instant now) {
    List<PolicyCondition> result = new ArrayList<>(current == null ? List.of() : current);
    PolicyCondition previous = find(result, type);
    String transitionTime =
        previous != null && Objects.equals(previous.status(), status)
            ? previous.lastTransitionTime()
            : now.toString();
    PolicyCondition next =
        new PolicyCondition(type, status, generation, transitionTime, reason, message);
    if (previous == null) {
      result.add(next);
    } else {
      result.set(result.indexOf(previous), next);
    }
    return List.copyOf(result);
  }

  /** The condition of this type, or null. */
  public static PolicyCondition find(List<PolicyCondition> conditions, String type) {
    if (conditions == null) {
      return null;
    }
    return conditions.stream().filter(c -> type.equals(c.type())).findFirst().orElse(null);
  }

  /** Whether a condition of this type has this status. */
  public static boolean has(List<PolicyCondition> conditions, String type, String status) {
    PolicyCondition condition = find(conditions, type);
    return condition != null && status.equals(condition.status());
  }
}
