package dev.headroom.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headroom.actuation.OomKills;
import dev.headroom.api.v1alpha1.PerformancePolicy;
import dev.headroom.runtime.HeadroomOperator;
import dev.headroom.runtime.OperatorConfig;
import dev.headroom.testing.cluster.Cluster;
import dev.headroom.testing.cluster.CrdInstaller;
import dev.headroom.testing.cluster.RealCluster;
import dev.headroom.testing.cluster.TestNamespace;
import dev.headroom.testing.env.Poll;
import dev.headroom.testing.fixtures.Readings;
import dev.headroom.testing.fixtures.TestObjects;
import dev.headroom.testing.nodes.FakeNodeAgent;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The reconciler's act and report steps against a real apiserver: the engine's decision reaches the
 * Deployment (server-side apply, field manager {@code headroom}), the policy's status and its
 * Events, or, in Recommend mode and next to an HPA, only the status; and which changes make it
 * evaluate before the interval is up. The metrics are a fixed reading here: what Prometheus would
 * say of a service whose p95 is far over (or well within) its budget.
 */
@RealCluster(workloads = true)
class ReconcilerActsIT {
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final Path CRD = Path.of("crds/performancepolicies.headroom.dev.yaml");

  /** 40 rps, p95 900 ms against 200 ms, pods half busy: more replicas are needed. */
  private static final MetricsSource OVER_BUDGET = Readings.fixed(40, 0.9, 0.05);

  /** 5 rps, p95 50 ms against 200 ms, pods nearly idle: no replicas are needed for latency. */
  private static final MetricsSource WITHIN_BUDGET = Readings.fixed(5, 0.05, 0.01);

  private HeadroomOperator operator;

  @AfterEach
  void stopOperator() {
    if (operator != null) {
      operator.close();
    }
  }

  private void start(KubernetesClient client, TestNamespace namespace) throws Exception {
    start(client, namespace, OVER_BUDGET);
  }

  /** The same readings, counting the evaluations that ask for them. */
  private static MetricsSource counting(AtomicInteger evaluations, MetricsSource metrics) {
    return (policy, target, now) -> {
      evaluations.incrementAndGet();
      return metrics.read(policy, target, now);
    };
  }

  private void start(KubernetesClient client, TestNamespace namespace, MetricsSource metrics)
      throws Exception {
    CrdInstaller.install(client, CRD);
    operator =
        HeadroomOperator.start(
            new OperatorConfig(URI.create("http://127.0.0.1:9"), Set.of(namespace.name()), 0),
            client,
            metrics);
  }

  private static PerformancePolicy policy(String ns, String mode) {
    return new KubernetesSerialization()
        .unmarshal(
            """
            apiVersion: headroom.dev/v1alpha1
            kind: PerformancePolicy
            metadata: {name: web-budget, namespace: %s}
            spec:
              targetRef: {name: web}
              mode: %s
              evaluationInterval: 1h
              budgets:
                latency:
                  - name: p95
                    percentile: 0.95
                    target: 200ms
                    metric: {preset: Micrometer}
              scaling: {minReplicas: 1, maxReplicas: 10}
            """
                .formatted(ns, mode),
            PerformancePolicy.class);
  }

  @Test
  void enforceScalesTheDeploymentOwningOnlyItsReplicasAndReports(
      KubernetesClient client, TestNamespace namespace) throws Exception {
    AtomicInteger evaluations = new AtomicInteger();
    start(client, namespace, counting(evaluations, OVER_BUDGET));
    String ns = namespace.name();
    client.resource(TestObjects.deployment(ns, "web", 2, "64Mi", Map.of())).create();
    client.resource(policy(ns, "Enforce")).create();

    Deployment scaled =
        Poll.value(
            WAIT,
            "web scaled up by headroom",
            () ->
                Optional.ofNullable(
                        client.apps().deployments().inNamespace(ns).withName("web").get())
                    .filter(d -> d.getSpec().getReplicas() > 2));
    assertThat(scaled.getMetadata().getManagedFields())
        .anySatisfy(
            f -> {
              assertThat(f.getManager()).isEqualTo("headroom");
              assertThat(f.getOperation()).isEqualTo("Apply");
            });
    PerformancePolicy reported =
        TestObjects.awaitPolicy(
            client,
            ns,
            "web-budget",
            WAIT,
            "a status whose decision is the Deployment's replicas now",
            p ->
                p.getStatus() != null
                    && p.getStatus().lastDecision() != null
                    && p.getStatus()
                        .lastDecision()
                        .replicas()
                        .equals(
                            client
                                .apps()
                                .deployments()
                                .inNamespace(ns)
                                .withName("web")
                                .get()
                                .getSpec()
                                .getReplicas()));
    assertThat(reported.getStatus().lastDecision().applied()).isTrue();
    int afterScale = evaluations.get();
    Thread.sleep(3_000);
    // Over budget, an evaluation now would scale again: the scale it just made is its own and is
    // read at the next evaluation (1h here), not at once.
    assertThat(evaluations.get())
        .as("Headroom's own scale triggers no evaluation")
        .isEqualTo(afterScale);
    assertThat(reported.getStatus().lastDecision().replicas())
        .isGreaterThanOrEqualTo(scaled.getSpec().getReplicas());
    assertThat(reported.getStatus().violations())
        .singleElement()
        .satisfies(v -> assertThat(v.budget()).isEqualTo("latency/p95"));
    assertThat(reported.getStatus().history())
        .first()
        .satisfies(a -> assertThat(a.action()).isEqualTo("ScaleUp"));
    assertThat(reported.getStatus().engineState()).isNotNull();
    Poll.value(
        WAIT,
        "a ScaleUp Event on the policy",
        () ->
            client.v1().events().inNamespace(ns).list().getItems().stream()
                .filter(e -> "ScaleUp".equals(e.getReason()))
                .map(Event::getMessage)
                .findFirst());
  }

  @Test
  void recommendModeReportsTheDecisionAndLeavesTheDeploymentAlone(
      KubernetesClient client, TestNamespace namespace) throws Exception {
    start(client, namespace);
    String ns = namespace.name();
    client.resource(TestObjects.deployment(ns, "web", 2, "64Mi", Map.of())).create();
    client.resource(policy(ns, "Recommend")).create();

    PerformancePolicy reported =
        TestObjects.awaitPolicy(
            client,
            ns,
            "web-budget",
            WAIT,
            "status with the recommendation",
            p -> p.getStatus() != null && p.getStatus().lastDecision() != null);
    assertThat(reported.getStatus().lastDecision().applied()).isFalse();
    assertThat(reported.getStatus().lastDecision().replicas())
        .as(reported.getStatus().lastDecision().reason())
        .isGreaterThan(2);
    Deployment web = client.apps().deployments().inNamespace(ns).withName("web").get();
    assertThat(web.getSpec().getReplicas()).isEqualTo(2);
    assertThat(web.getMetadata().getManagedFields())
        .noneMatch(f -> "headroom".equals(f.getManager()));
  }

  @Test
  void anHpaOnTheTargetIsAConflictAndNothingChanges(
      KubernetesClient client, TestNamespace namespace) throws Exception {
    start(client, namespace);
    String ns = namespace.name();
    client.resource(TestObjects.deployment(ns, "web", 2, "64Mi", Map.of())).create();
    client.resource(TestObjects.hpa(ns, "web-hpa", "web", 1, 5, 70)).create();
    client.resource(policy(ns, "Enforce")).create();

    PerformancePolicy reported =
        TestObjects.awaitPolicy(
            client,
            ns,
            "web-budget",
            WAIT,
            "a Conflict condition",
            p -> TestObjects.condition(p, ConditionTypes.CONFLICT).isPresent());
    var conflict = TestObjects.condition(reported, ConditionTypes.CONFLICT).get();
    assertThat(conflict.status()).isEqualTo("True");
    assertThat(conflict.message()).contains("web-hpa");
    assertThat(reported.getStatus().lastDecision().applied()).isFalse();
    Deployment web = client.apps().deployments().inNamespace(ns).withName("web").get();
    assertThat(web.getMetadata().getManagedFields())
        .noneMatch(f -> "headroom".equals(f.getManager()));
  }

  /**
   * What triggers an evaluation before the interval (1h here) is up: a spec change of the target
   * does, its pods becoming Ready (status-only updates of the Deployment and of the pods) does not,
   * and an OOM kill does; the pods the evaluation reads come from the informer and show the kill.
   */
  @Test
  void aSpecChangeAndAnOomKillAreEvaluatedAtOnceAndReadinessIsNot(
      KubernetesClient client, Cluster cluster, TestNamespace namespace) throws Exception {
    FakeNodeAgent nodes = cluster.requireFakeNodes();
    AtomicInteger evaluations = new AtomicInteger();
    start(client, namespace, counting(evaluations, WITHIN_BUDGET));
    String ns = namespace.name();
    client.resource(TestObjects.deployment(ns, "web", 2, "64Mi", Map.of())).create();
    awaitReady(client, ns, 2);
    client.resource(recommendWithResources(ns)).create();
    Poll.value(
        WAIT, "the first evaluation", () -> Optional.of(evaluations.get()).filter(n -> n >= 1));

    int beforeScale = evaluations.get();
    client
        .apps()
        .deployments()
        .inNamespace(ns)
        .withName("web")
        .edit(d -> new DeploymentBuilder(d).editSpec().withReplicas(3).endSpec().build());
    Poll.value(
        WAIT,
        "an evaluation of the new generation",
        () -> Optional.of(evaluations.get()).filter(n -> n > beforeScale));
    awaitReady(client, ns, 3);
    Thread.sleep(3_000);
    int afterScale = evaluations.get();
    // One evaluation for the new generation, and at most one more: a status patch made from a
    // cached policy that our own previous patch had already superseded gets a 409 and is retried,
    // which re-reads the metrics. Were status-only updates still triggering, the pod's two
    // readiness steps (replicas/updated, then ready/available) would add two.
    assertThat(afterScale - beforeScale)
        .as("the new pod becoming Ready moves only statuses, which trigger nothing")
        .isBetween(1, 2);
    long generation =
        client
            .apps()
            .deployments()
            .inNamespace(ns)
            .withName("web")
            .get()
            .getMetadata()
            .getGeneration();

    try (AutoCloseable hungry =
        nodes.useMemoryModel(ns, (pod, container) -> Optional.of(new Quantity("100Mi")))) {
      Poll.value(
          WAIT,
          "an evaluation after the OOM kill",
          () -> Optional.of(evaluations.get()).filter(n -> n > afterScale));
      PerformancePolicy reported =
          TestObjects.awaitPolicy(
              client,
              ns,
              "web-budget",
              WAIT,
              "a decision that raises the memory limit the kernel killed at",
              p -> memoryLimitDecided(p) > 64L << 20);
      assertThat(reported.getStatus().lastDecision().applied()).isFalse();
    }
    assertThat(
            client
                .apps()
                .deployments()
                .inNamespace(ns)
                .withName("web")
                .get()
                .getMetadata()
                .getGeneration())
        .as("nothing but the OOM kill moved: Recommend leaves the Deployment alone")
        .isEqualTo(generation);
  }

  /**
   * Pods that ran before their policy was created are its pods too, without having to change first:
   * the OOM kill one of them shows is in the policy's first decision.
   */
  @Test
  void anOomKillFromBeforeThePolicyExistedIsInItsFirstDecision(
      KubernetesClient client, Cluster cluster, TestNamespace namespace) throws Exception {
    FakeNodeAgent nodes = cluster.requireFakeNodes();
    start(client, namespace, WITHIN_BUDGET);
    String ns = namespace.name();
    client.resource(TestObjects.deployment(ns, "web", 1, "64Mi", Map.of())).create();
    try (AutoCloseable hungry =
        nodes.useMemoryModel(ns, (pod, container) -> Optional.of(new Quantity("100Mi")))) {
      Poll.value(
          WAIT,
          "a pod of web OOM-killed",
          () ->
              client.pods().inNamespace(ns).list().getItems().stream()
                  .filter(pod -> !OomKills.seen(List.of(pod)).isEmpty())
                  .findFirst());
    }
    // The fake node leaves the pod alone from now on (a killed container stays not Ready): its last
    // change is well before the policy.
    Thread.sleep(3_000);

    client.resource(recommendWithResources(ns)).create();

    PerformancePolicy reported =
        TestObjects.awaitPolicy(
            client,
            ns,
            "web-budget",
            WAIT,
            "a first decision",
            p -> p.getStatus() != null && p.getStatus().lastDecision() != null);
    assertThat(memoryLimitDecided(reported))
        .as(reported.getStatus().lastDecision().reason())
        .isGreaterThan(64L << 20);
  }

  /** Recommend, interval 1h, with the app container's resources sized by the policy. */
  private static PerformancePolicy recommendWithResources(String ns) {
    return new KubernetesSerialization()
        .unmarshal(
            """
            apiVersion: headroom.dev/v1alpha1
            kind: PerformancePolicy
            metadata: {name: web-budget, namespace: %s}
            spec:
              targetRef: {name: web}
              mode: Recommend
              evaluationInterval: 1h
              budgets:
                latency:
                  - name: p95
                    percentile: 0.95
                    target: 200ms
                    metric: {preset: Micrometer}
              scaling: {minReplicas: 1, maxReplicas: 10}
              resources:
                mode: RequestsAndLimits
                containers:
                  - name: app
                    minAllowed: {cpu: 10m, memory: 16Mi}
                    maxAllowed: {cpu: "1", memory: 1Gi}
            """
                .formatted(ns),
            PerformancePolicy.class);
  }

  private static void awaitReady(KubernetesClient client, String ns, int replicas) {
    Poll.value(
        WAIT,
        replicas + " Ready pods of web",
        () ->
            Optional.ofNullable(client.apps().deployments().inNamespace(ns).withName("web").get())
                .filter(
                    d ->
                        d.getStatus() != null
                            && d.getStatus().getReadyReplicas() != null
                            && d.getStatus().getReadyReplicas() == replicas));
  }

  /** The app container's memory limit in the policy's last decision, in bytes; 0 without one. */
  private static long memoryLimitDecided(PerformancePolicy policy) {
    if (policy.getStatus() == null
        || policy.getStatus().lastDecision() == null
        || policy.getStatus().lastDecision().resources() == null) {
      return 0;
    }
    return policy.getStatus().lastDecision().resources().stream()
        .filter(c -> "app".equals(c.name()) && c.limits() != null && c.limits().memory() != null)
        .mapToLong(c -> Quantity.getAmountInBytes(new Quantity(c.limits().memory())).longValue())
        .findFirst()
        .orElse(0);
  }
}
