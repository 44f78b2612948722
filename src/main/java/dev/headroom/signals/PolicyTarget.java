package dev.headroom.signals;

import dev.headroom.api.v1alpha1.PerformancePolicySpec;
import java.util.Objects;

/**
 * One policy to read signals for: its identity, its spec (budgets, metric sources, target) and the
 * endpoint its metrics come from (the policy's own {@code spec.prometheus}, or the operator's
 * default), with credentials already resolved.
 */
public record PolicyTarget(PolicyId id, PerformancePolicySpec spec, EndpointConfig endpoint) {
  public PolicyTarget {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(endpoint, "endpoint");
  }

  /** The target workload's name, or "" when the spec names none. */
  public String targetName() {
    return spec.targetRef() == null || spec.targetRef().name() == null
        ? ""
        : spec.targetRef().name();
  }

  /** How the target's controller names its pods, from its group and kind. */
  PodNaming podNaming() {
    return PodNaming.of(spec.targetRef());
  }
}
