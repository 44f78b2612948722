package dev.headroom.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headroom.api.v1alpha1.Mode;
import dev.headroom.api.v1alpha1.PerformancePolicy;
import dev.headroom.testing.fixtures.Readings;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
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
    PerformancePolicy policy = PolicyEvaluationTest.policy(Mode.Enforce, 2);

    var first = reconciler.reconcile(policy, contextWith(Optional.empty()));
    assertThat(first.isPatchStatus()).isTrue();
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
    assertThat(second.isNoUpdate()).as("an unchanged status is not written again").isTrue();
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
    PerformancePolicy policy = PolicyEvaluationTest.policy(Mode.Recommend, 1);
    Deployment checkout = deployment(4, 3);

    var control = reconciler.reconcile(policy, contextWith(Optional.of(checkout)));

    assertThat(control.isPatchStatus()).isTrue();
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
    Deployment checkout = deployment(4, 4);
    PerformancePolicy written = PolicyEvaluationTest.policy(Mode.Recommend, 1);
    written.getMetadata().setUid("0b8e6a1c");

    var first = reconciler.reconcile(written, contextWith(Optional.of(checkout)));
    assertThat(first.isPatchStatus()).isTrue();
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
