package dev.headroom.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.headroom.api.v1alpha1.PerformancePolicy;
import dev.headroom.engine.Sample;
import dev.headroom.engine.Signals;
import dev.headroom.testing.fixtures.Readings;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.IndexedResourceCache;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The operator's metrics as the reconciler sets them: each policy's budgets, replicas and metrics
 * availability after an evaluation, what was decided and what would have been done, errors, and the
 * removal of a deleted policy's series. Read back from the registry's scrape.
 */
@EnableKubernetesMockClient(crud = true)
class ReconcileMetricsTest {
  KubernetesClient client;

  private final SteppingClock clock = new SteppingClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final ReconcileMetrics metrics = new ReconcileMetrics(registry);
  private final AtomicReference<MetricsReading> reading = new AtomicReference<>();

  private PerformancePolicyReconciler reconciler() {
    var reconciler =
        new PerformancePolicyReconciler(
            clock,
            new EventRecorder(client, clock),
            metrics,
            (policy, target, now) -> Optional.ofNullable(reading.get()));
    reconciler.writesStatusWith(MockStatusWrites.MERGE_PATCH);
    return reconciler;
  }

  /** p95 at 900 ms against 200 ms (critical 500 ms); the error ratio is not read. */
  private MetricsReading overBudget() {
    return Readings.latency(clock.instant(), 40, 0.9, 0.5);
  }

  @Test
  void anEvaluationSetsThePolicysBudgetsReplicasAndAvailabilityInBaseUnits() {
    reading.set(overBudget());
    PerformancePolicy policy = policy("Recommend");

    reconciler().reconcile(policy, context(policy, Optional.of(deployment(4)), false));

    Scrape scrape = Scrape.of(registry);
    String[] p95 = {"namespace", "shop", "policy", "checkout", "budget", "latency/p95"};
    String[] errors = {"namespace", "shop", "policy", "checkout", "budget", "errorRate"};
    assertThat(scrape.value("headroom_policy_budget_observed", p95)).hasValue(0.9);
    assertThat(scrape.value("headroom_policy_budget_target", p95)).hasValue(0.2);
    assertThat(scrape.value("headroom_policy_budget_critical", p95)).hasValue(0.5);
    assertThat(scrape.value("headroom_policy_budget_violation", p95)).hasValue(2.0);
    // No error ratio was read: no observed series, no violation, and no critical threshold set.
    assertThat(scrape.value("headroom_policy_budget_observed", errors)).isEmpty();
    assertThat(scrape.value("headroom_policy_budget_violation", errors)).hasValue(0.0);
    assertThat(scrape.value("headroom_policy_budget_target", errors)).hasValue(0.01);
    assertThat(scrape.value("headroom_policy_budget_critical", errors)).isEmpty();
    assertThat(replicas(scrape, "current")).hasValue(4.0);
    assertThat(replicas(scrape, "desired")).hasValueSatisfying(d -> assertThat(d).isGreaterThan(4));
    // The source read what it was asked for: MetricsAvailable is True, and so is the gauge.
    assertThat(Conditions.has(policy.getStatus().conditions(), "MetricsAvailable", "True"))
        .isTrue();
    assertThat(
            scrape.value(
                "headroom_policy_metrics_available", "namespace", "shop", "policy", "checkout"))
        .hasValue(1.0);
    assertThat(scrape.value("headroom_decisions_total", "outcome", "scale_up")).hasValue(1.0);
    assertThat(scrape.value("headroom_actions_total", "action", "scale", "result", "dry_run"))
        .hasValue(1.0);
    assertThat(scrape.value("headroom_reconciliations_total", "outcome", "evaluated"))
        .hasValue(1.0);
    assertThat(scrape.histogramCount("headroom_reconcile_duration_seconds")).isEqualTo(1);
  }

  @Test
  void whenNothingCanBeReadTheObservedValuesGoViolationIsZeroAndMetricsAreUnavailable() {
    Instant now = clock.instant();
    reading.set(
        MetricsReading.read(
            new Signals(
                Optional.of(new Sample(5, now)),
                Map.of(0.95, new Sample(0.05, now)),
                Optional.empty(),
                Optional.of(new Sample(0.001, now)),
                Optional.of(new Sample(0.1, now)),
                Optional.empty(),
                Map.of())));
    PerformancePolicy policy = policy("Recommend");
    var reconciler = reconciler();
    var first = reconciler.reconcile(policy, context(policy, Optional.of(deployment(2)), false));

    Scrape met = Scrape.of(registry);
    assertThat(met.value("headroom_policy_budget_observed", budget("errorRate"))).hasValue(0.001);
    assertThat(met.value("headroom_policy_budget_violation", budget("latency/p95"))).hasValue(0.0);
    assertThat(met.value("headroom_decisions_total", "outcome", "hold")).hasValue(1.0);
    assertThat(met.value("headroom_actions_total", "action", "scale", "result", "dry_run"))
        .isEmpty();

    reading.set(MetricsReading.unavailable("PrometheusUnreachable", "connection refused"));
    clock.toNextReconcile(first);
    reconciler.reconcile(policy, context(policy, Optional.of(deployment(2)), false));

    Scrape unavailable = Scrape.of(registry);
    for (String budget : new String[] {"latency/p95", "errorRate"}) {
      assertThat(unavailable.value("headroom_policy_budget_observed", budget(budget))).isEmpty();
      assertThat(unavailable.value("headroom_policy_budget_violation", budget(budget)))
          .hasValue(0.0);
    }
    assertThat(
            unavailable.value(
                "headroom_policy_metrics_available", "namespace", "shop", "policy", "checkout"))
        .hasValue(0.0);
    assertThat(unavailable.value("headroom_decisions_total", "outcome", "blocked")).hasValue(1.0);
  }

  /** The checkout policy's replicas in one state, {@code current} or {@code desired}. */
  private static Optional<Double> replicas(Scrape scrape, String state) {
    return scrape.value(
        "headroom_policy_replicas", "namespace", "shop", "policy", "checkout", "state", state);
  }

  private static String[] budget(String name) {
    return new String[] {"namespace", "shop", "policy", "checkout", "budget", name};
  }

  @Test
  void aDeletedPolicysSeriesAreRemovedAndOtherPoliciesKeepTheirs() {
    reading.set(overBudget());
    PerformancePolicy checkout = policy("Recommend");
    PerformancePolicy other = policy("Recommend");
    other.getMetadata().setName("other");
    var reconciler = reconciler();
    reconciler.reconcile(checkout, context(checkout, Optional.of(deployment(4)), false));
    reconciler.reconcile(other, context(other, Optional.of(deployment(4)), false));
    Scrape before = Scrape.of(registry);
    // p95: observed, target, critical, violation; errorRate: target, violation; two replica
    // states; metrics available.
    assertThat(before.seriesOf("checkout")).hasSize(9);

    var control = reconciler.reconcile(checkout, context(checkout, Optional.empty(), true));

    assertThat(control.isNoUpdate()).isTrue();
    assertThat(control.getScheduleDelay()).as("the SDK forgets only unscheduled ones").isEmpty();
    Scrape after = Scrape.of(registry);
    assertThat(after.seriesOf("checkout")).isEmpty();
    assertThat(after.seriesOf("other")).isEqualTo(before.seriesOf("other")).hasSize(9);
  }

  @Test
  void aMissingTargetIsBlockedAndDropsTheBudgetSeriesItCanNoLongerVouchFor() {
    reading.set(overBudget());
    PerformancePolicy policy = policy("Enforce");
    var reconciler = reconciler();
    reconciler.reconcile(policy, context(policy, Optional.of(deployment(4)), false));
    assertThat(
            Scrape.of(registry)
                .value(
                    "headroom_policy_budget_target",
                    "namespace",
                    "shop",
                    "policy",
                    "checkout",
                    "budget",
                    "latency/p95"))
        .isPresent();

    reconciler.reconcile(policy, context(policy, Optional.empty(), false));

    Scrape scrape = Scrape.of(registry);
    assertThat(scrape.value("headroom_decisions_total", "outcome", "blocked")).hasValue(1.0);
    assertThat(scrape.value("headroom_reconciliations_total", "outcome", "target_not_found"))
        .hasValue(1.0);
    assertThat(scrape.seriesOf("checkout"))
        .containsExactly("headroom_policy_metrics_available=0.0");
  }

  @Test
  void aReconciliationThatThrowsIsTimedAndCountedAsAnErrorInTheSdksErrorPath() {
    PerformancePolicy policy = policy("Enforce");
    var failure = new IllegalStateException("the metrics source broke");
    var reconciler =
        new PerformancePolicyReconciler(
            clock,
            new EventRecorder(client, clock),
            metrics,
            (p, target, now) -> {
              throw failure;
            });
    var context = context(policy, Optional.of(deployment(4)), false);

    assertThatThrownBy(() -> reconciler.reconcile(policy, context)).isSameAs(failure);
    // The SDK hands what reconcile (or the status write after it) threw to updateErrorStatus.
    var control = reconciler.updateErrorStatus(policy, context, failure);

    assertThat(control.getResource()).isEmpty();
    assertThat(metrics.count("error")).isEqualTo(1);
    Scrape scrape = Scrape.of(registry);
    assertThat(scrape.value("headroom_reconciliations_total", "outcome", "error")).hasValue(1.0);
    assertThat(scrape.value("headroom_reconciliations_total", "outcome", "evaluated")).isEmpty();
    assertThat(scrape.histogramCount("headroom_reconcile_duration_seconds")).isEqualTo(1);
  }

  @Test
  void decisionOutcomesFollowTheChangeAndWhatBlocksIt() {
    var none = new Actuation(Optional.empty(), Map.of());
    var up = new Actuation(Optional.of(6), Map.of());
    var down = new Actuation(Optional.of(2), Map.of());
    var resize =
        new Actuation(
            Optional.empty(),
            Map.of(
                "app", new dev.headroom.engine.ContainerResources(500, 500, 1L << 28, 1L << 29)));
    var decision =
        PolicyEvaluation.evaluate(
                policy("Recommend"),
                Optional.of(PerformancePolicyReconciler.snapshot(deployment(4))),
                Optional.of(overBudget()),
                Optional.empty(),
                clock.instant())
            .decision();

    assertThat(ReconcileMetrics.decisionOutcome(decision, up, 4, false)).isEqualTo("scale_up");
    assertThat(ReconcileMetrics.decisionOutcome(decision, down, 4, false)).isEqualTo("scale_down");
    assertThat(ReconcileMetrics.decisionOutcome(decision, resize, 4, false)).isEqualTo("resize");
    assertThat(ReconcileMetrics.decisionOutcome(decision, none, 4, false)).isEqualTo("hold");
    assertThat(ReconcileMetrics.decisionOutcome(decision, up, 4, true)).isEqualTo("blocked");
    assertThat(ReconcileMetrics.decisionOutcome(Optional.empty(), none, 4, false))
        .isEqualTo("blocked");
  }

  static PerformancePolicy policy(String mode) {
    return new KubernetesSerialization()
        .unmarshal(
            """
            apiVersion: headroom.dev/v1alpha1
            kind: PerformancePolicy
            metadata: {name: checkout, namespace: shop, generation: 1}
            spec:
              targetRef: {name: checkout}
              mode: %s
              evaluationInterval: 15s
              budgets:
                latency:
                  - name: p95
                    percentile: 0.95
                    target: 200ms
                    critical: 500ms
                    window: 1m
                    metric: {preset: Micrometer}
                errorRate: {targetPercent: 1}
              scaling: {minReplicas: 2, maxReplicas: 20}
            """
                .formatted(mode),
            PerformancePolicy.class);
  }

  private static Deployment deployment(int replicas) {
    return PerformancePolicyReconcilerTest.deployment(replicas, replicas);
  }

  @SuppressWarnings("unchecked")
  private Context<PerformancePolicy> context(
      PerformancePolicy policy, Optional<Deployment> target, boolean deleted) {
    if (client.resource(policy).get() == null) {
      // Created in the mock apiserver, so that the reconciler can write its status.
      client.resource(policy).create();
    }
    IndexedResourceCache<PerformancePolicy> cache =
        (IndexedResourceCache<PerformancePolicy>)
            Proxy.newProxyInstance(
                IndexedResourceCache.class.getClassLoader(),
                new Class<?>[] {IndexedResourceCache.class},
                (proxy, method, args) -> {
                  if (method.getName().equals("list")) {
                    return Stream.of(policy);
                  }
                  throw new UnsupportedOperationException(method.getName());
                });
    return (Context<PerformancePolicy>)
        Proxy.newProxyInstance(
            Context.class.getClassLoader(),
            new Class<?>[] {Context.class},
            (proxy, method, args) ->
                switch (method.getName()) {
                  case "isPrimaryResourceDeleted" -> deleted;
                  case "isPrimaryResourceFinalStateUnknown" -> false;
                  case "getSecondaryResource" -> target;
                  case "getSecondaryResources" -> Set.of();
                  case "getClient" -> client;
                  case "getPrimaryCache" -> cache;
                  case "getRetryInfo" -> Optional.empty();
                  default -> throw new UnsupportedOperationException(method.getName());
                });
  }
}
