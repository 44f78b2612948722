package dev.headroom.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headroom.api.v1alpha1.PerformancePolicy;
import dev.headroom.api.v1alpha1.PolicyCondition;
import dev.headroom.runtime.HeadroomOperator;
import dev.headroom.runtime.OperatorConfig;
import dev.headroom.testing.cluster.CrdInstaller;
import dev.headroom.testing.cluster.RealCluster;
import dev.headroom.testing.cluster.TestNamespace;
import dev.headroom.testing.env.Poll;
import dev.headroom.testing.fixtures.TestObjects;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The reconciler, run in-process by the project's own runtime ({@link HeadroomOperator}), against a
 * real apiserver: informers, status patches, Events and deletion.
 *
 * <p>With workloads, so kube-controller-manager runs: its garbage collector would delete a
 * Deployment that the operator had made dependent on the policy, which makes "deleting the policy
 * leaves the Deployment alone" a real check.
 */
@RealCluster(workloads = true)
class PerformancePolicyReconcilerIT {
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final Path CRD = Path.of("crds/performancepolicies.headroom.dev.yaml");

  private HeadroomOperator operator;

  @BeforeEach
  void startOperator(KubernetesClient client, TestNamespace namespace) throws Exception {
    CrdInstaller.install(client, CRD);
    operator =
        HeadroomOperator.start(
            new OperatorConfig(URI.create("http://127.0.0.1:9"), Set.of(namespace.name()), 0),
            client);
  }

  @AfterEach
  void stopOperator() {
    if (operator != null) {
      operator.close();
    }
  }

  @Test
  void aPolicyForAnExistingDeploymentFindsItAndReportsItsGeneration(
      KubernetesClient client, TestNamespace namespace) {
    String ns = namespace.name();
    client.resource(TestObjects.deployment(ns, "web", 2, "64Mi", Map.of())).create();
    PerformancePolicy created =
        client.resource(TestObjects.policy(ns, "web-budget", "web")).create();

    PerformancePolicy reconciled =
        awaitPolicy(client, ns, "web-budget", p -> has(p, ConditionTypes.TARGET_FOUND, "True"));

    assertThat(reconciled.getStatus().observedGeneration())
        .isEqualTo(created.getMetadata().getGeneration());
    assertThat(reconciled.getStatus().replicas()).isEqualTo(2);
    PolicyCondition found = TestObjects.condition(reconciled, ConditionTypes.TARGET_FOUND).get();
    assertThat(found.reason()).isEqualTo(ConditionTypes.REASON_TARGET_FOUND);
    assertThat(found.message()).contains("Deployment " + ns + "/web");
    assertThat(TestObjects.condition(reconciled, ConditionTypes.READY).map(PolicyCondition::status))
        .contains("True");
  }

  @Test
  void aPolicyForAMissingDeploymentSaysSoWithAConditionAndAnEventUntilItAppears(
      KubernetesClient client, TestNamespace namespace) {
    String ns = namespace.name();
    client.resource(TestObjects.policy(ns, "ghost-budget", "ghost")).create();

    PerformancePolicy reconciled =
        awaitPolicy(client, ns, "ghost-budget", p -> has(p, ConditionTypes.TARGET_FOUND, "False"));
    PolicyCondition missing = TestObjects.condition(reconciled, ConditionTypes.TARGET_FOUND).get();
    assertThat(missing.reason()).isEqualTo(ConditionTypes.REASON_TARGET_NOT_FOUND);
    assertThat(missing.message())
        .isEqualTo("Deployment " + ns + "/ghost not found; nothing is changed until it exists");
    assertThat(TestObjects.condition(reconciled, ConditionTypes.READY).map(PolicyCondition::status))
        .contains("False");

    Event event =
        Poll.value(
            WAIT,
            "a TargetNotFound Event on the policy",
            () ->
                client.v1().events().inNamespace(ns).list().getItems().stream()
                    .filter(e -> "ghost-budget".equals(e.getInvolvedObject().getName()))
                    .filter(e -> ConditionTypes.REASON_TARGET_NOT_FOUND.equals(e.getReason()))
                    .findFirst());
    assertThat(event.getType()).isEqualTo("Warning");
    assertThat(event.getInvolvedObject().getKind()).isEqualTo("PerformancePolicy");
    assertThat(event.getInvolvedObject().getUid()).isEqualTo(reconciled.getMetadata().getUid());
    assertThat(event.getMessage()).contains(ns + "/ghost not found");

    // The Deployment informer maps the new Deployment to the policy at once; the policy's own
    // re-evaluation is an hour away, so nothing else could flip the condition within the wait.
    client.resource(TestObjects.deployment(ns, "ghost", 1, "64Mi", Map.of())).create();
    PerformancePolicy found =
        awaitPolicy(client, ns, "ghost-budget", p -> has(p, ConditionTypes.TARGET_FOUND, "True"));
    assertThat(found.getStatus().replicas()).isEqualTo(1);
  }

  @Test
  void deletingThePolicyLeavesTheDeploymentAsItWas(
      KubernetesClient client, TestNamespace namespace) {
    String ns = namespace.name();
    client.resource(TestObjects.deployment(ns, "api", 1, "64Mi", Map.of())).create();
    client.resource(TestObjects.policy(ns, "api-budget", "api")).create();
    awaitPolicy(client, ns, "api-budget", p -> has(p, ConditionTypes.TARGET_FOUND, "True"));
    Deployment before = deployment(client, ns, "api");

    client.resources(PerformancePolicy.class).inNamespace(ns).withName("api-budget").delete();
    Poll.until(
        WAIT,
        "the policy to be gone",
        () ->
            client.resources(PerformancePolicy.class).inNamespace(ns).withName("api-budget").get()
                == null);
    // A second policy on the same Deployment, reconciled after the deletion, shows the operator
    // has processed the deletion's events by the time the Deployment is compared.
    client.resource(TestObjects.policy(ns, "api-budget-2", "api")).create();
    awaitPolicy(client, ns, "api-budget-2", p -> has(p, ConditionTypes.TARGET_FOUND, "True"));

    Deployment after = deployment(client, ns, "api");
    assertThat(after.getMetadata().getUid()).isEqualTo(before.getMetadata().getUid());
    assertThat(after.getMetadata().getGeneration()).isEqualTo(before.getMetadata().getGeneration());
    assertThat(after.getSpec()).isEqualTo(before.getSpec());
    assertThat(after.getMetadata().getOwnerReferences()).isNullOrEmpty();
    assertThat(after.getMetadata().getAnnotations())
        .isEqualTo(before.getMetadata().getAnnotations());
    assertThat(after.getMetadata().getFinalizers()).isNullOrEmpty();
  }

  private static Deployment deployment(KubernetesClient client, String ns, String name) {
    Deployment deployment = client.apps().deployments().inNamespace(ns).withName(name).get();
    assertThat(deployment).as("Deployment " + ns + "/" + name).isNotNull();
    return deployment;
  }

  static PerformancePolicy awaitPolicy(
      KubernetesClient client, String ns, String name, Predicate<PerformancePolicy> condition) {
    return Poll.value(
        WAIT,
        "policy " + ns + "/" + name + " to reach the expected status",
        () ->
            Optional.ofNullable(
                    client.resources(PerformancePolicy.class).inNamespace(ns).withName(name).get())
                .filter(condition));
  }

  static boolean has(PerformancePolicy policy, String type, String status) {
    return TestObjects.condition(policy, type).map(c -> status.equals(c.status())).orElse(false);
  }
}
