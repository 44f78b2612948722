package dev.headroom.actuation;

/** What looking for a policy's target found: the workload, or why there is none to manage. */
public sealed interface WorkloadLookup {
  /** The target, read. */
  record Found(Workload workload) implements WorkloadLookup {}

  /**
   * No target to manage.
   *
   * @param reason the {@code TargetFound} condition's reason: {@link #KIND_NOT_SERVED}, {@link
   *     #NO_SCALE_SUBRESOURCE}, {@link #FORBIDDEN} or {@link #NOT_FOUND}
   * @param message the sentence for the condition and the Event
   */
  record Absent(String reason, String message) implements WorkloadLookup {}

  /** The cluster serves no such apiVersion/kind (its CRD is not installed, say). */
  String KIND_NOT_SERVED = "KindNotServed";

  /** The kind is served, without the {@code scale} subresource Headroom sets replicas through. */
  String NO_SCALE_SUBRESOURCE = "NoScaleSubresource";

  /** The operator's RBAC does not let it read the object or its scale. */
  String FORBIDDEN = "TargetForbidden";

  /** The kind is served and scales, and no object of that name exists. */
  String NOT_FOUND = "TargetNotFound";
}
