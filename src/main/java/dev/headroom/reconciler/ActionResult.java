package dev.headroom.reconciler;

/**
 * One change the operator made, or tried or would have made, on a target: the labels of {@code
 * headroom_actions_total}.
 *
 * @param action {@link #SCALE}, {@link #RESIZE_IN_PLACE} or {@link #RESIZE_ROLLOUT}
 * @param result {@link #APPLIED}, {@link #FAILED} or {@link #DRY_RUN}
 */
record ActionResult(String action, String result) {
  static final String SCALE = "scale";
  static final String RESIZE_IN_PLACE = "resize_in_place";
  static final String RESIZE_ROLLOUT = "resize_rollout";
  static final String APPLIED = "applied";
  static final String FAILED = "failed";

  /** Decided in Recommend mode: what Enforce would have applied. */
  static final String DRY_RUN = "dry_run";
}
