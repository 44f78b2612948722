package dev.headroom.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headroom.api.v1alpha1.Mode;
import dev.headroom.api.v1alpha1.PerformancePolicy;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The reconciler's shell: what it hands back to the SDK and the Events it writes. Narrow by design,
 * against Fabric8's mock API server; the whole loop is proven on a real apiserver by the end-to-end
 * suite.
 */
@EnableKubernetesMockClient(crud = true)
class PerformancePolicyReconcilerTest {
  KubernetesClient client;

  private final Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

  @Test
  void aMissingTargetPatchesStatusOnceRecordsOneWarningAndComesBackAfterTheInterval() {
    var metrics = new ReconcileMetrics(new PrometheusRegistry());
    var reconciler =
        new PerformancePolicyReconciler(clock, new EventRecorder(client, clock), metrics);
    PerformancePolicy policy = PolicyEvaluationTest.policy(Mode.Enforce, 2);

    var first = reconciler.reconcile(policy, contextWith(Optional.empty()));
    assertThat(first.isPatchStatus()).isTrue();
    assertThat(first.getScheduleDelay()).contains(Duration.ofSeconds(30).toMillis());
    assertThat(policy.getStatus().observedGeneration()).isEqualTo(2L);

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
    Deployment checkout =
        new DeploymentBuilder()
            .withNewMetadata()
            .withName("checkout")
            .withNamespace("shop")
            .endMetadata()
            .withNewSpec()
            .withReplicas(4)
            .endSpec()
            .withNewStatus()
            .withReadyReplicas(3)
            .endStatus()
            .build();

    var control = reconciler.reconcile(policy, contextWith(Optional.of(checkout)));

    assertThat(control.isPatchStatus()).isTrue();
    assertThat(policy.getStatus().replicas()).isEqualTo(4);
    assertThat(client.v1().events().inNamespace("shop").list().getItems()).isEmpty();
  }

  @SuppressWarnings("unchecked")
  private static Context<PerformancePolicy> contextWith(Optional<Deployment> target) {
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
              throw new UnsupportedOperationException(method.getName());
            });
  }
}
