package dev.headroom.reconciler;

/** The condition types a PerformancePolicy reports, and their reasons. */
public final class ConditionTypes {
  public static final String READY = "Ready";
  public static final String TARGET_FOUND = "TargetFound";
  public static final String METRICS_AVAILABLE = "MetricsAvailable";
  public static final String BUDGETS_MET = "BudgetsMet";
  public static final String CONFLICT = "Conflict";

  /**
   * Whether adding replicas fixes the violated budgets (True), or a budget stays violated whatever
   * the replica count (False, reason ScalingIneffective: a slow dependency, say), so replicas are
   * not chased.
   */
  public static final String SCALING_EFFECTIVE = "ScalingEffective";

  public static final String REASON_SCALING_INEFFECTIVE = "ScalingIneffective";

  /**
   * Whether resources asked to change in place were (True), or fell back to a rollout because the
   * cluster cannot (False, reason InPlaceUnsupported).
   */
  public static final String IN_PLACE_RESIZE = "InPlaceResize";

  /**
   * Whether the last resource decision reaches the pods: True (RolledOut) once the pod template
   * took it; False when the target's kind has no pod template Headroom knows (ResourcesNotApplied)
   * or a StatefulSet updates its pods OnDelete (WaitingForPodDeletion).
   */
  public static final String RESOURCES_APPLIED = "ResourcesApplied";

  public static final String REASON_ROLLED_OUT = "RolledOut";
  public static final String REASON_WAITING_FOR_POD_DELETION = "WaitingForPodDeletion";

  /**
   * Set once evaluations had to wait for the apiserver (an outage, throttling): True, reason
   * EvaluationsResumed, saying since when and for how long, from the first evaluation after.
   */
  public static final String APISERVER_REACHABLE = "ApiserverReachable";

  public static final String REASON_EVALUATIONS_RESUMED = "EvaluationsResumed";

  public static final String REASON_TARGET_FOUND = "TargetFound";
  public static final String REASON_TARGET_NOT_FOUND = "TargetNotFound";
  public static final String REASON_MODE_OFF = "Off";
  public static final String REASON_METRICS_NOT_READ = "MetricsNotRead";

  /** BudgetsMet Unknown: no budget has a value now. */
  public static final String REASON_NO_DATA = "NoData";

  public static final String REASON_INVALID_SPEC = "InvalidSpec";

  private ConditionTypes() {}
}
