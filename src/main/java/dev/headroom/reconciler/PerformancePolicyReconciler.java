package dev.headroom.reconciler;

import dev.headroom.api.v1alpha1.GoDuration;
import dev.headroom.api.v1alpha1.PerformancePolicy;
import dev.headroom.api.v1alpha1.PerformancePolicySpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Thin shell around {@link PolicyEvaluation}: read the target from the informer cache, evaluate,
 * record Events, patch the status only when it changed, and come back after the policy's evaluation
 * interval. Target changes trigger a reconciliation at once through the Deployment informer.
 */
public class PerformancePolicyReconciler implements Reconciler<PerformancePolicy> {
  static final String TARGET_INDEX = "headroom.dev/target";

  private final Clock clock;
  private final EventRecorder events;
  private final ReconcileMetrics metrics;

  public PerformancePolicyReconciler(Clock clock, EventRecorder events, ReconcileMetrics metrics) {
    this.clock = clock;
    this.events = events;
    this.metrics = metrics;
  }

  @Override
  public List<EventSource<?, PerformancePolicy>> prepareEventSources(
      EventSourceContext<PerformancePolicy> context) {
    context
        .getPrimaryCache()
        .addIndexer(
            TARGET_INDEX,
            policy ->
                targetName(policy)
                    .map(name -> List.of(targetKey(policy.getMetadata().getNamespace(), name)))
                    .orElse(List.of()));
    var deployments =
        InformerEventSourceConfiguration.from(Deployment.class, PerformancePolicy.class)
            .withSecondaryToPrimaryMapper(
                (Deployment deployment) ->
                    context
                        .getPrimaryCache()
                        .byIndex(
                            TARGET_INDEX,
                            targetKey(
                                deployment.getMetadata().getNamespace(),
                                deployment.getMetadata().getName()))
                        .stream()
                        .map(ResourceID::fromResource)
                        .collect(Collectors.toSet()))
            .withPrimaryToSecondaryMapper(
                (PerformancePolicy policy) ->
                    targetName(policy)
                        .map(
                            name ->
                                Set.of(new ResourceID(name, policy.getMetadata().getNamespace())))
                        .orElse(Set.of()))
            .withNamespacesInheritedFromController()
            .build();
    return List.of(new InformerEventSource<>(deployments, context));
  }

  @Override
  public UpdateControl<PerformancePolicy> reconcile(
      PerformancePolicy policy, Context<PerformancePolicy> context) {
    long started = System.nanoTime();
    Optional<TargetSnapshot> target =
        context.getSecondaryResource(Deployment.class).map(PerformancePolicyReconciler::snapshot);
    var outcome = PolicyEvaluation.evaluate(policy, target, clock.instant());
    outcome.events().forEach(event -> events.record(policy, event));

    var interval =
        policy.getSpec() == null
            ? GoDuration.parse(PerformancePolicySpec.DEFAULT_EVALUATION_INTERVAL)
            : policy.getSpec().effectiveEvaluationInterval();
    UpdateControl<PerformancePolicy> control;
    if (outcome.status().equals(policy.getStatus())) {
      control = UpdateControl.noUpdate();
    } else {
      policy.setStatus(outcome.status());
      control = UpdateControl.patchStatus(policy);
    }
    metrics.reconciled(target.isPresent() ? "evaluated" : "target_not_found", started);
    return control.rescheduleAfter(interval);
  }

  static TargetSnapshot snapshot(Deployment deployment) {
    var spec = deployment.getSpec();
    var status = deployment.getStatus();
    return new TargetSnapshot(
        "Deployment",
        deployment.getMetadata().getNamespace(),
        deployment.getMetadata().getName(),
        spec == null || spec.getReplicas() == null ? 1 : spec.getReplicas(),
        status == null || status.getReadyReplicas() == null ? 0 : status.getReadyReplicas());
  }

  private static String targetKey(String namespace, String name) {
    return namespace + "/" + name;
  }

  /**
   * The target's name, if the policy names one. The schema requires it, but a policy stored before
   * the CRD was installed or by a client that skipped validation must not break the index that
   * every other policy depends on.
   */
  private static Optional<String> targetName(PerformancePolicy policy) {
    var spec = policy.getSpec();
    if (spec == null || spec.targetRef() == null || spec.targetRef().name() == null) {
      return Optional.empty();
    }
    return Optional.of(spec.targetRef().name());
  }
}
