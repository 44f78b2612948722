package dev.headroom.reconciler;

import dev.headroom.actuation.ApiDiscovery;
import dev.headroom.actuation.ConflictFinder;
import dev.headroom.actuation.Conflicts;
import dev.headroom.actuation.InPlaceResizer;
import dev.headroom.actuation.InPlaceResult;
import dev.headroom.actuation.OomKills;
import dev.headroom.actuation.OtherOwner;
import dev.headroom.actuation.TargetReading;
import dev.headroom.actuation.WorkloadActuator;
import dev.headroom.actuation.WorkloadLookup;
import dev.headroom.actuation.Workloads;
import dev.headroom.api.v1alpha1.GoDuration;
import dev.headroom.api.v1alpha1.Mode;
import dev.headroom.api.v1alpha1.PerformancePolicy;
import dev.headroom.api.v1alpha1.PerformancePolicySpec;
import dev.headroom.api.v1alpha1.PerformancePolicyStatus;
import dev.headroom.engine.Decision;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Thin shell around {@link PolicyEvaluation}: read the target and its pods from the informer
 * caches, evaluate, record Events, patch the status only when it changed, and come back after the
 * policy's evaluation interval. Besides the interval, a policy is evaluated at once when its spec
 * changes, when its target is created or deleted or its spec changes (other than by its own scale),
 * and when a container of the target's pods is OOM-killed ({@link EvaluationTriggers}); a target's
 * status-only updates and its pods' other changes only refresh the caches, read at the next
 * evaluation.
 */
// Every event, deletions included, reaches reconcile: a deleted policy's metric series are removed
// there, without a finalizer that would keep policies (and their namespaces) from being deleted
// while the operator is not running.
@ControllerConfiguration(triggerReconcilerOnAllEvents = true)
public class PerformancePolicyReconciler implements Reconciler<PerformancePolicy>, AutoCloseable {
  static final String TARGET_INDEX = "headroom.dev/target";

  /**
   * The Events about the target — its budgets breaking and mending, the changes made to it — which
   * are recorded on the target too.
   */
  static final Set<String> TARGET_EVENTS =
      Set.of(
          "BudgetViolated",
          "BudgetRecovered",
          "ScaleUp",
          "ScaleDown",
          "Resize",
          "ActuationFailed",
          TargetActuator.RESOURCES_NOT_APPLIED,
          InPlaceResult.UNSUPPORTED_REASON,
          TargetActuator.RESIZED_IN_PLACE);

  /** OOM kills older than this no longer say anything about today's memory limit. */
  static final Duration OOM_LOOKBACK = Duration.ofMinutes(30);

  private static final Logger LOG = LoggerFactory.getLogger(PerformancePolicyReconciler.class);

  private final Clock clock;
  private final EventRecorder events;
  private final ReconcileMetrics metrics;
  private final MetricsSource metricsSource;
  private final Duration minInterval;
  private final Shard shard;

  /**
   * Since when no process has evaluated this shard's policies, when this one just took them over
   * from another (empty otherwise): a policy whose slot passed since then is evaluated at once.
   */
  private volatile Supplier<Optional<Instant>> unattendedSince = Optional::empty;

  /**
   * Per target ({@code namespace/name}), the replica count this operator last applied: its own
   * scale is not a reason to evaluate again at once (see {@link EvaluationTriggers#targetChanged}).
   * Forgotten with the policy.
   */
  private final Map<String, Integer> appliedReplicas = new ConcurrentHashMap<>();

  private final WrittenStatuses writtenStatuses = new WrittenStatuses();

  private final StatusMemory statusMemory = new StatusMemory();

  /**
   * Per policy ({@code namespace/name}), the instant its next scheduled evaluation falls due
   * ({@link EvaluationSchedule}). Forgotten with the policy.
   */
  private final Map<String, Instant> dueAt = new ConcurrentHashMap<>();

  private final FallingBehind fallingBehind = new FallingBehind();

  /** The evaluations running now, by policy, and when each started. */
  private final Map<String, Instant> inFlight = new ConcurrentHashMap<>();

  /** Per policy, the inputs its last evaluation saw; cleared when its status write fails. */
  private final Map<String, EvaluationInputs> lastInputs = new ConcurrentHashMap<>();

  /** Per policy, since when its evaluations wait for the apiserver; removed when one runs. */
  private final Map<String, Instant> pausedSince = new ConcurrentHashMap<>();

  private final FailureLog failureLog;

  private volatile ApiserverGate gate;

  private StatusWriter statusWriter = StatusWriter.SERVER_SIDE_APPLY;

  private ScheduledExecutorService stallWatch;

  private Tools tools;

  /** What acts on the cluster, made once from the operator's client (discovery is cached). */
  private record Tools(TargetActuator actuator, ConflictFinder conflicts, Workloads workloads) {}

  /** A reconciler that finds targets and reports them, without reading metrics or acting. */
  public PerformancePolicyReconciler(Clock clock, EventRecorder events, ReconcileMetrics metrics) {
    this(clock, events, metrics, MetricsSource.NONE);
  }

  /**
   * @param metricsSource where each policy's metrics come from; with {@link MetricsSource#NONE} the
   *     engine is not run and nothing is changed
   */
  public PerformancePolicyReconciler(
      Clock clock, EventRecorder events, ReconcileMetrics metrics, MetricsSource metricsSource) {
    this(clock, events, metrics, metricsSource, Duration.ZERO);
  }

  /**
   * @param minInterval the shortest interval between a policy's scheduled evaluations, whatever its
   *     {@code evaluationInterval}; event-triggered evaluations are not held back
   */
  public PerformancePolicyReconciler(
      Clock clock,
      EventRecorder events,
      ReconcileMetrics metrics,
      MetricsSource metricsSource,
      Duration minInterval) {
    this(clock, events, metrics, metricsSource, minInterval, Shard.ALL);
  }

  /**
   * @param shard the policies this process evaluates; the others are left to their own shard's
   *     process, untouched and unreported here
   */
  public PerformancePolicyReconciler(
      Clock clock,
      EventRecorder events,
      ReconcileMetrics metrics,
      MetricsSource metricsSource,
      Duration minInterval,
      Shard shard) {
    this.shard = Objects.requireNonNull(shard, "shard");
    this.minInterval = minInterval;
    this.clock = clock;
    this.events = events;
    this.metrics = metrics;
    this.metricsSource = metricsSource;
    this.failureLog = new FailureLog(LOG, clock, "evaluations wait and retry with back-off");
    this.gate = new ApiserverGate(clock, Optional.empty());
    events.onTransientFailure(failure -> gate.failed(failure));
  }

  /**
   * How this process asks whether the apiserver answers (its {@code /readyz}, without retries),
   * once its requests failed: evaluations wait until it does. Without it, the first evaluation
   * after the back-off is the test. Set before start.
   */
  public void probesApiserverWith(BooleanSupplier answers) {
    this.gate = new ApiserverGate(clock, Optional.of(answers));
  }

  @Override
  public List<EventSource<?, PerformancePolicy>> prepareEventSources(
      EventSourceContext<PerformancePolicy> context) {
    context
        .getPrimaryCache()
        .addIndexer(
            TARGET_INDEX,
            policy ->
                deploymentName(policy)
                    .map(name -> List.of(targetKey(policy.getMetadata().getNamespace(), name)))
                    .orElse(List.of()));
    var deployments =
        InformerEventSourceConfiguration.from(Deployment.class, PerformancePolicy.class)
            .withSecondaryToPrimaryMapper(
                (Deployment deployment) ->
                    policiesFor(
                        context,
                        deployment.getMetadata().getNamespace(),
                        deployment.getMetadata().getName()))
            .withPrimaryToSecondaryMapper(
                (PerformancePolicy policy) ->
                    deploymentName(policy)
                        .map(
                            name ->
                                Set.of(new ResourceID(name, policy.getMetadata().getNamespace())))
                        .orElse(Set.of()))
            // Adds and deletes trigger; of the updates only spec changes, and not Headroom's own
            // scale: readyReplicas moving during a rollout, and the count this operator just set,
            // are read at the next evaluation.
            .withOnUpdateFilter(
                (Deployment now, Deployment before) ->
                    EvaluationTriggers.targetChanged(
                        before,
                        now,
                        appliedReplicas.get(
                            targetKey(
                                now.getMetadata().getNamespace(), now.getMetadata().getName()))))
            .withNamespacesInheritedFromController()
            .build();

    // The pods' informer is indexed by their Deployment, found through the owner chain. The policy
    // → pods direction is a lookup in that index at reconcile time: without a
    // PrimaryToSecondaryMapper the SDK would record pod → policy when a pod event arrives, and pods
    // that ran before their policy was created would stay invisible to it until they changed.
    AtomicReference<InformerEventSource<Pod, PerformancePolicy>> podSource =
        new AtomicReference<>();
    var pods =
        InformerEventSourceConfiguration.from(Pod.class, PerformancePolicy.class)
            // Only pods of ReplicaSets that Deployments made are cached.
            .withLabelSelector(EvaluationTriggers.POD_TEMPLATE_HASH)
            .withSecondaryToPrimaryMapper(
                (Pod pod) ->
                    EvaluationTriggers.deploymentOf(pod)
                        .map(name -> policiesFor(context, pod.getMetadata().getNamespace(), name))
                        .orElse(Set.of()))
            .withPrimaryToSecondaryMapper(
                (PerformancePolicy policy) ->
                    deploymentName(policy)
                        .map(
                            name ->
                                podSource
                                    .get()
                                    .byIndex(
                                        TARGET_INDEX,
                                        targetKey(policy.getMetadata().getNamespace(), name))
                                    .stream()
                                    .map(ResourceID::fromResource)
                                    .collect(Collectors.toSet()))
                        .orElse(Set.of()))
            // Only an OOM kill triggers at once; every other pod change just updates the cache.
            .withOnAddFilter(pod -> false)
            .withOnUpdateFilter((Pod now, Pod before) -> EvaluationTriggers.newOomKill(before, now))
            .withOnDeleteFilter((pod, finalStateUnknown) -> false)
            .withNamespacesInheritedFromController()
            .build();
    var podEvents = new InformerEventSource<>(pods, context);
    podEvents.addIndexers(
        Map.of(
            TARGET_INDEX,
            pod ->
                EvaluationTriggers.deploymentOf(pod)
                    .map(name -> List.of(targetKey(pod.getMetadata().getNamespace(), name)))
                    .orElse(List.of())));
    podSource.set(podEvents);
    return List.of(new InformerEventSource<>(deployments, context), podEvents);
  }

  /** The policies whose target is this object, from the primary cache's index. */
  private static Set<ResourceID> policiesFor(
      EventSourceContext<PerformancePolicy> context, String namespace, String name) {
    return context.getPrimaryCache().byIndex(TARGET_INDEX, targetKey(namespace, name)).stream()
        .map(ResourceID::fromResource)
        .collect(Collectors.toSet());
  }

  @Override
  public UpdateControl<PerformancePolicy> reconcile(
      PerformancePolicy policy, Context<PerformancePolicy> context) {
    if (!owns(policy)) {
      // Another shard's: its Deployment's or pods' events map here too, and nothing may be done.
      return UpdateControl.noUpdate();
    }
    if (context.isPrimaryResourceDeleted() || context.isPrimaryResourceFinalStateUnknown()) {
      // No reschedule: the SDK forgets the policy only after a reconciliation that asks for none.
      metrics.forget(policy.getMetadata().getNamespace(), policy.getMetadata().getName());
      metricsSource.forget(policy);
      dueAt.remove(policyKey(policy));
      lastInputs.remove(policyKey(policy));
      pausedSince.remove(policyKey(policy));
      statusMemory.forget(policy);
      writtenStatuses.forget(policy);
      deploymentName(policy)
          .ifPresent(
              name -> appliedReplicas.remove(targetKey(policy.getMetadata().getNamespace(), name)));
      return UpdateControl.noUpdate();
    }
    if (writtenStatuses.cacheBehind(policy, clock.instant())) {
      // Evaluating from the status before the last one written would act on the same evidence
      // twice; the write's own watch event brings the policy back, the retry is a safety net.
      return UpdateControl.<PerformancePolicy>noUpdate().rescheduleAfter(WrittenStatuses.RETRY);
    }
    Optional<Instant> due = Optional.ofNullable(dueAt.get(policyKey(policy)));
    Instant now = clock.instant();
    var inputs =
        EvaluationInputs.of(
            policy.getMetadata().getGeneration(),
            context.getSecondaryResource(Deployment.class),
            context.getSecondaryResources(Pod.class));
    if (due.isEmpty()
        && evaluatedBefore(policy)
        && !EvaluationSchedule.missedWhileUnattended(
            now, intervalOf(policy), policy.getMetadata().getNamespace(), unattendedSince.get())) {
      // A policy another process (or this one before a restart) evaluated, spec unchanged since:
      // it waits for its slot (at most 30 s), where it shares a read with the others due then,
      // instead of every policy being read at once when the operator starts or takes over.
      Instant slot =
          EvaluationSchedule.firstAfterStart(
              now, intervalOf(policy), policy.getMetadata().getNamespace());
      dueAt.put(policyKey(policy), slot);
      lastInputs.put(policyKey(policy), inputs);
      if (policy.getSpec().effectiveMode() != Mode.Off) {
        metricsSource.expect(policy, slot);
      }
      return UpdateControl.<PerformancePolicy>noUpdate()
          .rescheduleAfter(Duration.between(now, slot));
    }
    if (due.isPresent()
        && !EvaluationSchedule.isScheduled(due, now, intervalOf(policy))
        && inputs.equals(lastInputs.get(policyKey(policy)))) {
      // Triggered by an event that changed nothing this policy is evaluated on: its turn stands.
      return UpdateControl.<PerformancePolicy>noUpdate()
          .rescheduleAfter(Duration.between(now, due.get()));
    }
    Optional<Duration> closed = gate.closedFor();
    if (closed.isPresent()) {
      // The apiserver could take neither the status nor a change: nothing is decided, and the
      // policy's stabilization windows do not count the time it waits (see evaluate).
      pausedSince.putIfAbsent(policyKey(policy), now);
      return UpdateControl.<PerformancePolicy>noUpdate().rescheduleAfter(closed.get());
    }
    gate.takeReopened()
        .ifPresent(
            outage -> {
              failureLog.recovered(outage);
              metrics.apiserverBack(outage.length());
            });
    lastInputs.put(policyKey(policy), inputs);
    long started = System.nanoTime();
    inFlight.put(policyKey(policy), now);
    try {
      UpdateControl<PerformancePolicy> control = evaluate(policy, context, started);
      gate.succeeded();
      return control;
    } catch (RuntimeException e) {
      metrics.timed(started);
      Optional<ApiFailure> failure = ApiFailure.of(e);
      if (failure.isPresent() && failure.get().mayBeThePolicys() && gate.apiserverReady()) {
        // A 5xx or a timeout from a ready apiserver: a webhook failing closed, say, which every
        // retry meets again. The policy's error, not an outage every policy should wait out.
        failure = Optional.empty();
      }
      if (failure.isEmpty()) {
        // The apiserver answered, if it was asked. Counted as an error in updateErrorStatus.
        gate.succeeded();
        throw e;
      }
      return paused(policy, failure.get(), now);
    } finally {
      inFlight.remove(policyKey(policy));
    }
  }

  /**
   * An evaluation whose requests to the apiserver failed for a reason that passes: one log line per
   * kind a minute, a metric, no Event, no stack trace, and the policy tried again once the
   * apiserver answers. What the evaluation remembered (a status it could not write) stays the base
   * of the next; a decision that could not be applied is dropped.
   */
  private UpdateControl<PerformancePolicy> paused(
      PerformancePolicy policy, ApiFailure failure, Instant now) {
    gate.failed(failure);
    failureLog.failed(failure);
    metrics.apiserverFailed(failure.kind());
    pausedSince.putIfAbsent(policyKey(policy), now);
    lastInputs.remove(policyKey(policy));
    writtenStatuses.forget(policy);
    statusMemory.writeFailed(policy);
    return UpdateControl.<PerformancePolicy>noUpdate()
        .rescheduleAfter(gate.remaining().orElse(ApiserverGate.FIRST_WAIT));
  }

  /**
   * When the longest-running evaluation now in flight started; empty when none is. An evaluation
   * takes well under a second, its Prometheus queries time out in seconds and its apiserver
   * requests in minutes: one that has run for many minutes is stuck, which is what liveness asks.
   */
  public Optional<Instant> oldestInFlight() {
    return inFlight.values().stream().min(Instant::compareTo);
  }

  @Override
  public ErrorStatusUpdateControl<PerformancePolicy> updateErrorStatus(
      PerformancePolicy policy, Context<PerformancePolicy> context, Exception e) {
    metrics.failed();
    writtenStatuses.forget(policy);
    statusMemory.forget(policy);
    lastInputs.remove(policyKey(policy));
    return ErrorStatusUpdateControl.defaultErrorProcessing();
  }

  private UpdateControl<PerformancePolicy> evaluate(
      PerformancePolicy policy, Context<PerformancePolicy> context, long started) {
    Instant now = clock.instant();
    Duration interval = intervalOf(policy);
    Optional<Instant> due = Optional.ofNullable(dueAt.get(policyKey(policy)));
    policy.setStatus(resumed(statusMemory.base(policy, now), policy, now, interval));
    Tools tools = tools(context.getClient());
    TargetRead read = readTarget(policy, context, tools.workloads(), now);
    Optional<TargetSnapshot> target = read.snapshot();
    Optional<MetricsReading> reading = Optional.empty();
    Optional<String> conflict = Optional.empty();
    List<Pod> pods = List.of();
    boolean evaluated = policy.getSpec() == null || policy.getSpec().effectiveMode() != Mode.Off;
    if (target.isPresent() && policy.getSpec() != null && evaluated) {
      reading = metricsSource.read(policy, target.get(), now);
      if (reading.isPresent()) {
        pods = read.pods().get();
        target = Optional.of(read.withPods(pods, now));
        conflict = conflictOf(tools.conflicts(), policy, context, read.object());
      }
    }
    var outcome = PolicyEvaluation.evaluate(policy, target, read.absent(), reading, conflict, now);
    outcome.events().forEach(event -> report(policy, read.object(), event));
    List<Pod> targetPods = pods;
    PerformancePolicyStatus status = outcome.status();
    if (outcome.actuation().isPresent()) {
      var acted =
          tools
              .actuator()
              .apply(
                  policy.getSpec(),
                  target.get(),
                  read.resource(),
                  read.templateAccess(),
                  outcome.actuation().get(),
                  () -> targetPods);
      acted.events().forEach(event -> report(policy, read.object(), event));
      outcome
          .actuation()
          .get()
          .replicas()
          .ifPresent(
              replicas -> {
                // Read by the Deployment informer's filter only: other kinds have no informer.
                deploymentName(policy)
                    .ifPresent(
                        name ->
                            appliedReplicas.put(
                                targetKey(policy.getMetadata().getNamespace(), name), replicas));
                // Its own scale is no new input: the events it brings wait for the next turn.
                lastInputs.computeIfPresent(
                    policyKey(policy), (key, inputs) -> inputs.withReplicas(replicas));
              });
      metrics.acted(acted.actions());
      status =
          withInPlaceOutcome(status, acted.events(), policy.getMetadata().getGeneration(), now);
      status =
          withResourcesOutcome(
              status, acted, read.rolloutWaits(), policy.getMetadata().getGeneration(), now);
    }
    if (evaluated) {
      recordDecision(policy, target, outcome.decision(), conflict.isPresent());
    }
    metrics.evaluated(
        policy.getMetadata().getNamespace(),
        policy.getMetadata().getName(),
        target.map(TargetSnapshot::replicas),
        outcome.decision(),
        status);

    Instant next =
        EvaluationSchedule.next(
            due,
            now,
            interval,
            EvaluationSchedule.phase(policy.getMetadata().getNamespace(), interval));
    dueAt.put(policyKey(policy), next);
    if (reading.isPresent()) {
      metricsSource.expect(policy, next);
    }
    if (statusMemory.shouldWrite(policy, status, now)) {
      policy.setStatus(status);
      writtenStatuses.wrote(policy);
      statusWriter.write(policy, context.getClient());
    }
    metrics.reconciled(
        target.isPresent() ? ReconcileMetrics.EVALUATED : ReconcileMetrics.TARGET_NOT_FOUND,
        started);
    // One line per evaluation at DEBUG: which process evaluated which policy, when (ShardingIT).
    LOG.debug(
        "evaluated {}/{} ({})",
        policy.getMetadata().getNamespace(),
        policy.getMetadata().getName(),
        shard);
    Instant done = clock.instant();
    if (EvaluationSchedule.isScheduled(due, now, interval)) {
      Duration late = Duration.between(due.get(), done);
      metrics.lagged(late);
      if (!gate.closedSince(due.get())) {
        // Late because evaluations fall behind, not because they waited for the apiserver.
        fallingBehind.observe(policyKey(policy), late, interval, done);
      }
    }
    Duration wait = Duration.between(done, next);
    return UpdateControl.<PerformancePolicy>noUpdate()
        .rescheduleAfter(wait.isNegative() ? Duration.ZERO : wait);
  }

  /**
   * The status the first evaluation after a wait for the apiserver starts from: its recommendations
   * made later by the time no evaluation could run (beyond one interval), so that a scale-down
   * window does not pass during an outage in which nothing was observed; and the ApiserverReachable
   * condition saying how long it waited and why.
   */
  private PerformancePolicyStatus resumed(
      PerformancePolicyStatus base, PerformancePolicy policy, Instant now, Duration interval) {
    Instant since = pausedSince.remove(policyKey(policy));
    if (since == null || base == null) {
      return base;
    }
    // The newest observation: the last evaluation, or a recommendation restored as held until a
    // later instant (StatusMemory.base after a restart).
    Instant last = PolicyRecords.evaluatedAt(base).orElse(since);
    Instant newest = StatusMemory.newestRecommendation(base).orElse(last);
    Duration unobserved =
        Duration.between(newest.isAfter(last) ? newest : last, now).minus(interval);
    PerformancePolicyStatus delayed =
        unobserved.isNegative()
            ? base
            : StatusMemory.withEngineState(
                base,
                state -> state.withBehavior(b -> b.withRecommendationsDelayedBy(unobserved, now)));
    Long generation = policy.getMetadata().getGeneration();
    return delayed.withConditions(
        Conditions.set(
            delayed.conditions(),
            ConditionTypes.APISERVER_REACHABLE,
            "True",
            ConditionTypes.REASON_EVALUATIONS_RESUMED,
            "evaluations waited "
                + Duration.between(since, now).toSeconds()
                + " s from "
                + since
                + " for the apiserver; stabilization windows do not count the "
                + Math.max(0, unobserved.toSeconds())
                + " s without an evaluation",
            generation == null ? 0 : generation,
            now));
  }

  /**
   * Where this process learns, when it takes the policies over from another, since when nobody
   * evaluated them (the previous Lease holder's release or its last renewal): set before start.
   */
  public void takesOverFrom(Supplier<Optional<Instant>> unattendedSince) {
    this.unattendedSince = Objects.requireNonNull(unattendedSince, "unattendedSince");
  }

  /**
   * Looks for evaluations stalled on an apiserver that is not ready (see {@link
   * ApiserverGate#watch}) every 2 s, until {@link #close}; called once by the operator.
   */
  public synchronized void watchForStalls() {
    if (stallWatch == null) {
      stallWatch =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread thread = new Thread(r, "headroom-stall-watch");
                thread.setDaemon(true);
                return thread;
              });
      stallWatch.scheduleWithFixedDelay(this::lookForStalls, 2, 2, TimeUnit.SECONDS);
    }
  }

  private void lookForStalls() {
    try {
      gate.watch(oldestInFlight())
          .ifPresent(
              stalled -> {
                failureLog.failed(stalled);
                metrics.apiserverFailed(stalled.kind());
              });
    } catch (RuntimeException e) {
      // The watch must outlive whatever went wrong once (an executor stops on a throw).
      LOG.warn("the stall watch failed: {}", e.toString());
    }
  }

  /**
   * Whether evaluations wait for the apiserver now: a request failed for a reason that passes and
   * it has not answered since. Readiness says so.
   */
  public boolean waitsForApiserver() {
    return gate.closed();
  }

  /** For narrow tests against a mock apiserver that knows no server-side apply. */
  void writesStatusWith(StatusWriter writer) {
    this.statusWriter = writer;
  }

  /** Whether this process's shard evaluates the policy. */
  public boolean owns(PerformancePolicy policy) {
    return shard.owns(policy.getMetadata().getNamespace(), policy.getMetadata().getName());
  }

  /** Whether the policy's status shows an evaluation of its current spec. */
  private static boolean evaluatedBefore(PerformancePolicy policy) {
    var status = policy.getStatus();
    return policy.getSpec() != null
        && status != null
        && status.lastEvaluationTime() != null
        && status.observedGeneration() != null
        && status.observedGeneration().equals(policy.getMetadata().getGeneration());
  }

  /** The policy's evaluation interval, never shorter than the operator's minimum. */
  private Duration intervalOf(PerformancePolicy policy) {
    var asked =
        policy.getSpec() == null
            ? GoDuration.parse(PerformancePolicySpec.DEFAULT_EVALUATION_INTERVAL)
            : policy.getSpec().effectiveEvaluationInterval();
    return asked.compareTo(minInterval) < 0 ? minInterval : asked;
  }

  private static String policyKey(PerformancePolicy policy) {
    return targetKey(policy.getMetadata().getNamespace(), policy.getMetadata().getName());
  }

  /**
   * Counts the decision, and in Recommend mode the changes Enforce would have made (none while
   * another owner manages the target; the changes made in Enforce are counted as they are
   * attempted).
   */
  private void recordDecision(
      PerformancePolicy policy,
      Optional<TargetSnapshot> target,
      Optional<Decision> decision,
      boolean conflict) {
    Actuation change =
        decision.isPresent() && target.isPresent()
            ? DecisionStep.changes(target.get(), decision.get())
            : new Actuation(Optional.empty(), Map.of());
    metrics.decided(
        ReconcileMetrics.decisionOutcome(
            decision, change, target.map(TargetSnapshot::replicas).orElse(0), conflict));
    if (policy.getSpec() != null
        && policy.getSpec().effectiveMode() == Mode.Recommend
        && !conflict) {
      List<ActionResult> wouldApply = new ArrayList<>();
      change
          .replicas()
          .ifPresent(
              r -> wouldApply.add(new ActionResult(ActionResult.SCALE, ActionResult.DRY_RUN)));
      if (!change.resources().isEmpty()) {
        wouldApply.add(
            new ActionResult(
                TargetActuator.wantsInPlace(policy.getSpec())
                    ? ActionResult.RESIZE_IN_PLACE
                    : ActionResult.RESIZE_ROLLOUT,
                ActionResult.DRY_RUN));
      }
      metrics.acted(wouldApply);
    }
  }

  /**
   * The {@code InPlaceResize} condition after a resize asked to happen in place: True when it did,
   * False with the reason when the cluster cannot and the pods were rolled out instead.
   */
  static PerformancePolicyStatus withInPlaceOutcome(
      PerformancePolicyStatus status, List<PolicyEvent> acted, Long generation, Instant now) {
    for (PolicyEvent event : acted) {
      boolean unsupported = InPlaceResult.UNSUPPORTED_REASON.equals(event.reason());
      if (unsupported || TargetActuator.RESIZED_IN_PLACE.equals(event.reason())) {
        return status.withConditions(
            Conditions.set(
                status.conditions(),
                ConditionTypes.IN_PLACE_RESIZE,
                unsupported ? "False" : "True",
                event.reason(),
                event.message(),
                generation == null ? 0 : generation,
                now));
      }
    }
    return status;
  }

  /**
   * The {@code ResourcesApplied} condition after a resource decision: False when the target's kind
   * could not take it or a StatefulSet waits for its pods to be deleted, True once rolled out.
   * Unchanged when nothing about resources was attempted.
   */
  static PerformancePolicyStatus withResourcesOutcome(
      PerformancePolicyStatus status,
      TargetActuator.Acted acted,
      Optional<String> rolloutWaits,
      Long generation,
      Instant now) {
    String reason;
    String message;
    String value = "False";
    Optional<PolicyEvent> refused =
        acted.events().stream()
            .filter(e -> TargetActuator.RESOURCES_NOT_APPLIED.equals(e.reason()))
            .findFirst();
    boolean rolledOut =
        acted.actions().stream()
            .anyMatch(
                a ->
                    ActionResult.RESIZE_ROLLOUT.equals(a.action())
                        && ActionResult.APPLIED.equals(a.result()));
    if (refused.isPresent()) {
      reason = TargetActuator.RESOURCES_NOT_APPLIED;
      message = refused.get().message();
    } else if (rolledOut && rolloutWaits.isPresent()) {
      reason = ConditionTypes.REASON_WAITING_FOR_POD_DELETION;
      message = rolloutWaits.get();
    } else if (rolledOut) {
      value = "True";
      reason = ConditionTypes.REASON_ROLLED_OUT;
      message = "the pod template has the resources decided";
    } else {
      return status;
    }
    return status.withConditions(
        Conditions.set(
            status.conditions(),
            ConditionTypes.RESOURCES_APPLIED,
            value,
            reason,
            message,
            generation == null ? 0 : generation,
            now));
  }

  /**
   * Records an Event on the policy and, for the target's budgets and what was done to it (or failed
   * to be), on the target as well: whoever looks at the workload sees who changed it and why.
   */
  private void report(PerformancePolicy policy, Optional<HasMetadata> target, PolicyEvent event) {
    events.record(policy, event);
    if (TARGET_EVENTS.contains(event.reason())) {
      target.ifPresent(workload -> events.record(workload, event));
    }
  }

  /** Stops the watch-backed caches of other owners; after the operator stopped. */
  @Override
  public synchronized void close() {
    if (stallWatch != null) {
      stallWatch.shutdownNow();
      stallWatch = null;
    }
    if (tools != null) {
      tools.conflicts().close();
      tools = null;
    }
  }

  private synchronized Tools tools(KubernetesClient client) {
    if (tools == null) {
      ApiDiscovery discovery = new ApiDiscovery(client);
      tools =
          new Tools(
              new TargetActuator(
                  new WorkloadActuator(client), new InPlaceResizer(client, discovery)),
              new ConflictFinder(client, discovery),
              new Workloads(client, discovery));
    }
    return tools;
  }

  /**
   * The policy's target: a Deployment from the informer caches (its pods too), any other kind from
   * the apiserver, with its pods listed by its scale's selector.
   */
  private static TargetRead readTarget(
      PerformancePolicy policy,
      Context<PerformancePolicy> context,
      Workloads workloads,
      Instant now) {
    if (deploymentName(policy).isPresent() || targetName(policy).isEmpty()) {
      Optional<Deployment> deployment = context.getSecondaryResource(Deployment.class);
      return TargetRead.deployment(
          deployment,
          () ->
              EvaluationTriggers.selectedBy(
                  deployment.orElseThrow(), context.getSecondaryResources(Pod.class)));
    }
    WorkloadLookup lookup =
        workloads.find(policy.getMetadata().getNamespace(), policy.getSpec().targetRef());
    return TargetRead.workload(
        lookup, () -> workloads.pods(((WorkloadLookup.Found) lookup).workload()), now);
  }

  private static Optional<String> conflictOf(
      ConflictFinder finder,
      PerformancePolicy policy,
      Context<PerformancePolicy> context,
      Optional<HasMetadata> target) {
    Conflicts conflicts =
        finder.find(
            policy,
            context
                .getPrimaryCache()
                .list(policy.getMetadata().getNamespace())
                .collect(Collectors.toList()));
    List<OtherOwner> owners = new ArrayList<>(conflicts.owners());
    target.flatMap(PerformancePolicyReconciler::controllerOf).ifPresent(owners::add);
    return owners.isEmpty()
        ? Optional.empty()
        : Optional.of(owners.stream().map(OtherOwner::describe).collect(Collectors.joining(", ")));
  }

  /**
   * The object that controls the target, if one does: a Deployment's ReplicaSet, a StatefulSet an
   * operator made. It sets the target's replicas and template itself, so Headroom would fight it;
   * the policy should name the controller instead.
   */
  static Optional<OtherOwner> controllerOf(HasMetadata target) {
    if (target.getMetadata() == null || target.getMetadata().getOwnerReferences() == null) {
      return Optional.empty();
    }
    return target.getMetadata().getOwnerReferences().stream()
        .filter(owner -> Boolean.TRUE.equals(owner.getController()))
        .findFirst()
        .map(owner -> new OtherOwner(owner.getKind(), owner.getApiVersion(), owner.getName()));
  }

  static TargetSnapshot snapshot(Deployment deployment, List<Pod> pods, Instant now) {
    TargetSnapshot plain = snapshot(deployment);
    return new TargetSnapshot(
        plain.kind(),
        plain.namespace(),
        plain.name(),
        plain.replicas(),
        plain.readyReplicas(),
        TargetReading.templateResources(deployment),
        OomKills.recent(pods, now.minus(OOM_LOOKBACK), now),
        plain.created());
  }

  static TargetSnapshot snapshot(Deployment deployment) {
    var spec = deployment.getSpec();
    var status = deployment.getStatus();
    return new TargetSnapshot(
        "Deployment",
        deployment.getMetadata().getNamespace(),
        deployment.getMetadata().getName(),
        spec == null || spec.getReplicas() == null ? 1 : spec.getReplicas(),
        status == null || status.getReadyReplicas() == null ? 0 : status.getReadyReplicas(),
        Map.of(),
        Map.of(),
        MissingDataGrace.timestamp(deployment.getMetadata().getCreationTimestamp()));
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

  /**
   * The target's name when it is a Deployment, the kind read from the informer caches: only those
   * policies are indexed by target and mapped to Deployments and pods (a StatefulSet named like a
   * Deployment is not that Deployment).
   */
  private static Optional<String> deploymentName(PerformancePolicy policy) {
    return targetName(policy).filter(name -> policy.getSpec().targetRef().namesDeployment());
  }
}
