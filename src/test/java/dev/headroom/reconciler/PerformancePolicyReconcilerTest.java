package dev.headroom.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headroom.api.v1alpha1.Mode;
import dev.headroom.api.v1alpha1.PerformancePolicy;
import dev.headroom.api.v1alpha1.PerformancePolicyStatus;
import dev.headroom.testing.fixtures.Readings;
import dev.headroom.testing.fixtures.TestObjects;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.lang.reflect.Proxy;
import java.net.ConnectException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The reconciler's shell: what it hands back to the SDK and the Events it writes. Narrow by design,
 * against Fabric8's mock API server; the whole loop is proven on a real apiserver by the end-to-end
 * suite.
 */
@EnableKubernetesMockClient(crud = true)
class PerformancePolicyReconcilerTest {
  KubernetesClient client;

  private final SteppingClock clock = new SteppingClock(Instant.parse("2026-01-01T00:00:00Z"));

  @Test
  void aMissingTargetPatchesStatusOnceRecordsOneWarningAndComesBackAfterTheInterval() {
    var metrics = new ReconcileMetrics(new PrometheusRegistry());
    var reconciler =
        new PerformancePolicyReconciler(clock, new EventRecorder(client, clock), metrics);
    reconciler.writesStatusWith(MockStatusWrites.MERGE_PATCH);
    PerformancePolicy policy = stored(PolicyEvaluationTest.policy(Mode.Enforce, 2));

    var first = reconciler.reconcile(policy, contextWith(Optional.empty()));
    assertThat(first.isNoUpdate()).as("the reconciler writes the status itself").isTrue();
    assertThat(storedStatus().observedGeneration()).isEqualTo(2L);
    String written = storedVersion();
    // The first evaluation comes back at the policy's slot, 3/4 to 7/4 of the interval later.
    assertThat(first.getScheduleDelay().orElseThrow()).isBetween(22_500L, 52_499L);
    Duration phase = EvaluationSchedule.phase("shop", Duration.ofSeconds(30));
    assertThat((clock.instant().toEpochMilli() + first.getScheduleDelay().orElseThrow()) % 30_000)
        .isEqualTo(phase.toMillis());
    assertThat(policy.getStatus().observedGeneration()).isEqualTo(2L);

    // An event a second later that changed nothing the policy is evaluated on: its turn stands.
    clock.advance(Duration.ofSeconds(1));
    var early = reconciler.reconcile(policy, contextWith(Optional.empty()));
    assertThat(early.isNoUpdate()).isTrue();
    assertThat(early.getScheduleDelay()).contains(first.getScheduleDelay().orElseThrow() - 1_000);
    assertThat(metrics.count("target_not_found")).as("not evaluated").isEqualTo(1);

    clock.toNextReconcile(early);
    var second = reconciler.reconcile(policy, contextWith(Optional.empty()));
    assertThat(storedVersion()).as("an unchanged status is not written again").isEqualTo(written);
    assertThat(second.getScheduleDelay()).contains(Duration.ofSeconds(30).toMillis());

    var events = client.v1().events().inNamespace("shop").list().getItems();
    assertThat(events).hasSize(1);
    Event event = events.get(0);
    assertThat(event.getType()).isEqualTo("Warning");
    assertThat(event.getReason()).isEqualTo("TargetNotFound");
    assertThat(event.getInvolvedObject().getKind()).isEqualTo("PerformancePolicy");
    assertThat(event.getInvolvedObject().getName()).isEqualTo("checkout");
    assertThat(metrics.count("target_not_found")).isEqualTo(2);
  }

  @Test
  void aFoundTargetReportsItsReplicasAndRecordsNoEvent() {
    var reconciler =
        new PerformancePolicyReconciler(
            clock,
            new EventRecorder(client, clock),
            new ReconcileMetrics(new PrometheusRegistry()));
    reconciler.writesStatusWith(MockStatusWrites.MERGE_PATCH);
    PerformancePolicy policy = stored(PolicyEvaluationTest.policy(Mode.Recommend, 1));
    Deployment checkout = deployment(4, 3);

    var control = reconciler.reconcile(policy, contextWith(Optional.of(checkout)));

    assertThat(control.isNoUpdate()).isTrue();
    assertThat(storedStatus().replicas()).isEqualTo(policy.getStatus().replicas());
    assertThat(policy.getStatus().replicas()).isEqualTo(4);
    assertThat(client.v1().events().inNamespace("shop").list().getItems()).isEmpty();
  }

  /**
   * An event in the second after a status write can bring the policy back from an informer cache
   * that has not seen the write: evaluating from the status before it would act on the same
   * evidence twice. The reconciler waits for the cache instead, but not for ever.
   */
  @Test
  void aPolicyCachedFromBeforeItsLastStatusWriteIsNotEvaluatedAgainUntilTheCacheCatchesUp() {
    AtomicInteger reads = new AtomicInteger();
    MetricsSource fixed = Readings.fixed(40, 0.1, 0.5);
    var reconciler =
        new PerformancePolicyReconciler(
            clock,
            new EventRecorder(client, clock),
            new ReconcileMetrics(new PrometheusRegistry()),
            (policy, target, at) -> {
              reads.incrementAndGet();
              return fixed.read(policy, target, at);
            });
    reconciler.writesStatusWith(MockStatusWrites.MERGE_PATCH);
    Deployment checkout = deployment(4, 4);
    PerformancePolicy written = PolicyEvaluationTest.policy(Mode.Recommend, 1);
    written.getMetadata().setUid("0b8e6a1c");
    stored(written);

    var first = reconciler.reconcile(written, contextWith(Optional.of(checkout)));
    assertThat(storedStatus().lastEvaluationTime()).isEqualTo(clock.instant().toString());
    assertThat(reads).hasValue(1);
    assertThat(written.getStatus().lastEvaluationTime()).isEqualTo(clock.instant().toString());

    // The cache still holds the policy as it was before that write.
    PerformancePolicy cached = PolicyEvaluationTest.policy(Mode.Recommend, 1);
    cached.getMetadata().setUid("0b8e6a1c");
    clock.advance(Duration.ofSeconds(1));
    var waited = reconciler.reconcile(cached, contextWith(Optional.of(checkout)));
    assertThat(waited.isNoUpdate()).isTrue();
    assertThat(waited.getScheduleDelay()).contains(WrittenStatuses.RETRY.toMillis());
    assertThat(reads).as("not evaluated from the stale copy").hasValue(1);

    // The cache caught up, and nothing else changed: evaluated at its turn, not before.
    assertThat(reconciler.reconcile(written, contextWith(Optional.of(checkout))).isNoUpdate())
        .isTrue();
    assertThat(reads).hasValue(1);
    clock.toNextReconcile(first);
    var second = reconciler.reconcile(written, contextWith(Optional.of(checkout)));
    assertThat(reads).hasValue(2);

    // A write that never shows (lost, or the status replaced) is waited for only so long.
    clock.advance(WrittenStatuses.PATIENCE);
    clock.toNextReconcile(second);
    reconciler.reconcile(cached, contextWith(Optional.of(checkout)));
    assertThat(reads).hasValue(3);
  }

  /**
   * The apiserver refuses connections for a while: the evaluation that met it throws nothing (no
   * stack trace in the SDK's log), the policy waits without being evaluated, and the first
   * evaluation after says how long it waited.
   */
  @Test
  void anApiserverOutageIsWaitedOutWithoutEvaluatingAndReportedWhenItEnds() {
    AtomicInteger reads = new AtomicInteger();
    MetricsSource fixed = Readings.fixed(40, 0.1, 0.5);
    var registry = new PrometheusRegistry();
    var reconciler =
        new PerformancePolicyReconciler(
            clock,
            new EventRecorder(client, clock),
            new ReconcileMetrics(registry),
            (policy, target, at) -> {
              reads.incrementAndGet();
              return fixed.read(policy, target, at);
            });
    AtomicBoolean down = new AtomicBoolean(true);
    reconciler.writesStatusWith(
        (policy, c) -> {
          if (down.get()) {
            throw new KubernetesClientException(
                "Failure executing: PATCH", new ConnectException("Connection refused"));
          }
          MockStatusWrites.MERGE_PATCH.write(policy, c);
        });
    PerformancePolicy policy = stored(PolicyEvaluationTest.policy(Mode.Recommend, 1));
    Deployment checkout = deployment(4, 4);

    var failed = reconciler.reconcile(policy, contextWith(Optional.of(checkout)));
    assertThat(failed.isNoUpdate()).isTrue();
    assertThat(failed.getScheduleDelay()).contains(ApiserverGate.FIRST_WAIT.toMillis());
    assertThat(reads).hasValue(1);
    assertThat(storedStatus()).as("nothing could be written").isNull();

    for (int i = 0; i < 5; i++) {
      clock.toNextReconcile(failed);
      failed = reconciler.reconcile(policy, contextWith(Optional.of(checkout)));
      assertThat(failed.isNoUpdate()).isTrue();
    }
    assertThat(reads).as("each retry after the back-off evaluates once more").hasValue(6);
    assertThat(
            Scrape.of(registry)
                .value("headroom_apiserver_failures_total", "reason", "ApiserverUnreachable"))
        .hasValue(6.0);

    down.set(false);
    clock.toNextReconcile(failed);
    reconciler.reconcile(policy, contextWith(Optional.of(checkout)));
    assertThat(reads).hasValue(7);
    var reachable =
        Conditions.find(storedStatus().conditions(), ConditionTypes.APISERVER_REACHABLE);
    assertThat(reachable.status()).isEqualTo("True");
    assertThat(reachable.reason()).isEqualTo(ConditionTypes.REASON_EVALUATIONS_RESUMED);
    assertThat(reachable.message()).startsWith("evaluations waited ");
  }

  /**
   * A 500 from an apiserver that says it is ready (a webhook failing closed on the target, say) is
   * the policy's error, for the SDK's error path: not an outage for every policy to wait out.
   */
  @Test
  void aServerErrorFromAReadyApiserverIsThePolicysError() {
    var reconciler =
        new PerformancePolicyReconciler(
            clock,
            new EventRecorder(client, clock),
            new ReconcileMetrics(new PrometheusRegistry()),
            Readings.fixed(40, 0.1, 0.5));
    reconciler.probesApiserverWith(() -> true);
    var refused =
        new KubernetesClientException(
            new io.fabric8.kubernetes.api.model.StatusBuilder()
                .withCode(500)
                .withMessage("failed calling webhook")
                .build());
    reconciler.writesStatusWith(
        (policy, c) -> {
          throw refused;
        });
    PerformancePolicy policy = stored(PolicyEvaluationTest.policy(Mode.Recommend, 1));
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> reconciler.reconcile(policy, contextWith(Optional.of(deployment(4, 4)))))
        .isSameAs(refused);
    assertThat(reconciler.waitsForApiserver()).isFalse();
    // As the SDK does with what reconcile threw.
    reconciler.updateErrorStatus(policy, contextWith(Optional.of(deployment(4, 4))), refused);

    reconciler.probesApiserverWith(() -> false);
    var paused = reconciler.reconcile(policy, contextWith(Optional.of(deployment(4, 4))));
    assertThat(paused.isNoUpdate()).as("the same 500 while /readyz fails: an outage").isTrue();
    assertThat(reconciler.waitsForApiserver()).isTrue();
  }

  /**
   * A policy whose scale-down window (the HPA's default 300 s) was due to pass while the apiserver
   * was away and nothing could be evaluated: its first evaluation after the return does not scale
   * down, and the window ends as much later as the policy went unobserved beyond an interval (15
   * s). The load drops at 100 s; the apiserver is away from 200 s to 450 s, which the evaluation
   * learns from its first request (here a stand-in: the metrics source throws what any request of
   * the evaluation would).
   */
  @Test
  void aScaleDownWindowDoesNotPassDuringAnOutageWithoutEvaluations() {
    Instant start = clock.instant();
    AtomicBoolean down = new AtomicBoolean(false);
    MetricsSource busy = Readings.fixed(40, 0.05, 0.9);
    MetricsSource quarterBusy = Readings.fixed(40, 0.05, 0.25);
    var reconciler =
        new PerformancePolicyReconciler(
            clock,
            new EventRecorder(client, clock),
            new ReconcileMetrics(new PrometheusRegistry()),
            (policy, target, at) -> {
              if (down.get()) {
                throw new KubernetesClientException(
                    "Failure executing: GET", new ConnectException("Connection refused"));
              }
              return Duration.between(start, at).toSeconds() < 100
                  ? busy.read(policy, target, at)
                  : quarterBusy.read(policy, target, at);
            });
    reconciler.probesApiserverWith(() -> !down.get());
    reconciler.writesStatusWith(MockStatusWrites.MERGE_PATCH);
    PerformancePolicy policy = stored(ReconcileMetricsTest.policy("Recommend"));
    Deployment checkout = eightOneCorePods();

    var control = reconciler.reconcile(policy, contextWith(Optional.of(checkout)));
    Instant lastBusy = start;
    while (Duration.between(start, clock.instant()).toSeconds() < 200) {
      clock.toNextReconcile(control);
      if (Duration.between(start, clock.instant()).toSeconds() < 100) {
        lastBusy = clock.instant();
      }
      control = reconciler.reconcile(policy, contextWith(Optional.of(checkout)));
    }
    int held = policy.getStatus().lastDecision().replicas();
    assertThat(held).as("held by the window after the load dropped").isGreaterThanOrEqualTo(8);
    Instant lastSeen = clock.instant();

    down.set(true);
    while (Duration.between(start, clock.instant()).toSeconds() < 450) {
      clock.toNextReconcile(control);
      control = reconciler.reconcile(policy, contextWith(Optional.of(checkout)));
    }
    down.set(false);
    clock.toNextReconcile(control);
    Instant back = clock.instant();
    control = reconciler.reconcile(policy, contextWith(Optional.of(checkout)));
    assertThat(lastBusy.plusSeconds(300)).as("the window passed during the outage").isBefore(back);
    assertThat(policy.getStatus().lastDecision().replicas())
        .as("but nothing was observed in it")
        .isEqualTo(held);

    Duration unobserved = Duration.between(lastSeen, back).minus(Duration.ofSeconds(15));
    Instant windowEnds = lastBusy.plusSeconds(300).plus(unobserved);
    while (policy.getStatus().lastDecision().replicas() == held) {
      assertThat(clock.instant())
          .as("held no longer than the delayed window and an interval")
          .isBeforeOrEqualTo(windowEnds.plusSeconds(15));
      clock.toNextReconcile(control);
      control = reconciler.reconcile(policy, contextWith(Optional.of(checkout)));
    }
    assertThat(clock.instant())
        .as("scaled down once the delayed window passed")
        .isAfterOrEqualTo(windowEnds);
    assertThat(policy.getStatus().lastDecision().replicas()).isLessThan(held);
  }

  /** {@code shop/checkout}: 8 Ready pods of one core each. */
  private static Deployment eightOneCorePods() {
    Deployment eight =
        TestObjects.deployment(
            "shop",
            "checkout",
            8,
            Map.of("cpu", "1", "memory", "512Mi"),
            Map.of("cpu", "1", "memory", "1Gi"),
            Map.of());
    eight.setStatus(new DeploymentStatusBuilder().withReplicas(8).withReadyReplicas(8).build());
    return eight;
  }

  /** The policy, created in the mock apiserver so that its status can be written. */
  private PerformancePolicy stored(PerformancePolicy policy) {
    client.resource(policy).create();
    return policy;
  }

  private PerformancePolicyStatus storedStatus() {
    return client
        .resources(PerformancePolicy.class)
        .inNamespace("shop")
        .withName("checkout")
        .get()
        .getStatus();
  }

  private String storedVersion() {
    return client
        .resources(PerformancePolicy.class)
        .inNamespace("shop")
        .withName("checkout")
        .get()
        .getMetadata()
        .getResourceVersion();
  }

  /** The target {@code shop/checkout} with this many replicas, {@code ready} of them Ready. */
  static Deployment deployment(int replicas, int ready) {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName("checkout")
        .withNamespace("shop")
        .endMetadata()
        .withNewSpec()
        .withReplicas(replicas)
        .endSpec()
        .withNewStatus()
        .withReadyReplicas(ready)
        .endStatus()
        .build();
  }

  @SuppressWarnings("unchecked")
  private Context<PerformancePolicy> contextWith(Optional<Deployment> target) {
    return (Context<PerformancePolicy>)
        Proxy.newProxyInstance(
            Context.class.getClassLoader(),
            new Class<?>[] {Context.class},
            (proxy, method, args) -> {
              if (method.getName().startsWith("isPrimaryResource")) {
                return false;
              }
              if (method.getName().equals("getSecondaryResource")
                  && args.length == 1
                  && args[0] == Deployment.class) {
                return target;
              }
              if (method.getName().equals("getSecondaryResources")) {
                return Set.of();
              }
              if (method.getName().equals("getClient")) {
                return client;
              }
              if (method.getName().equals("getPrimaryCache")) {
                // No other policy in the namespace.
                return Proxy.newProxyInstance(
                    Context.class.getClassLoader(),
                    new Class<?>[] {method.getReturnType()},
                    (cache, listing, listArgs) -> {
                      if (listing.getName().equals("list")) {
                        return Stream.empty();
                      }
                      throw new UnsupportedOperationException(listing.getName());
                    });
              }
              throw new UnsupportedOperationException(method.getName());
            });
  }
}
