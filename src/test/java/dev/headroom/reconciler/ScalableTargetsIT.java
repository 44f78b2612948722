package dev.headroom.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headroom.api.v1alpha1.PerformancePolicy;
import dev.headroom.api.v1alpha1.PolicyCondition;
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
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Targets other than Deployments against a real apiserver, controller-manager and scheduler with
 * the fake-node agent: a StatefulSet (its controller starts pods one at a time), a custom resource
 * that serves {@code scale} and whose replica field Headroom does not know, an Argo Rollout from a
 * typed subset of its CRD, and the targets Headroom must refuse with a reason. The metrics are a
 * fixed reading, as in {@link ReconcilerActsIT}.
 */
@RealCluster(workloads = true)
class ScalableTargetsIT {
  private static final Duration WAIT = Duration.ofSeconds(120);
  private static final Path CRD = Path.of("crds/performancepolicies.headroom.dev.yaml");
  private static final Path WORKERS = Path.of("src/test/resources/crds/workers.example.com.yaml");
  private static final Path REPORTS = Path.of("src/test/resources/crds/reports.example.com.yaml");
  private static final Path ROLLOUTS = Path.of("src/test/resources/crds/rollouts.argoproj.io.yaml");

  /** 40 rps, p95 900 ms against 200 ms: more replicas are needed. */
  private static final MetricsSource OVER_BUDGET = Readings.fixed(40, 0.9, 0.05);

  /** 5 rps, p95 50 ms against 200 ms, pods nearly idle: no more replicas are needed. */
  private static final MetricsSource WITHIN_BUDGET = Readings.fixed(5, 0.05, 0.01);

  private static final ResourceDefinitionContext WORKER =
      new ResourceDefinitionContext.Builder()
          .withGroup("example.com")
          .withVersion("v1")
          .withKind("Worker")
          .withPlural("workers")
          .withNamespaced(true)
          .build();

  private static final ResourceDefinitionContext ROLLOUT =
      new ResourceDefinitionContext.Builder()
          .withGroup("argoproj.io")
          .withVersion("v1alpha1")
          .withKind("Rollout")
          .withPlural("rollouts")
          .withNamespaced(true)
          .build();

  private HeadroomOperator operator;

  @AfterEach
  void stopOperator() {
    if (operator != null) {
      operator.close();
    }
  }

  /** Starts the operator on the namespace, reading whatever {@code metrics} holds at the time. */
  private void start(
      KubernetesClient client, TestNamespace namespace, AtomicReference<MetricsSource> metrics)
      throws Exception {
    CrdInstaller.install(client, CRD);
    operator =
        HeadroomOperator.start(
            new OperatorConfig(URI.create("http://127.0.0.1:9"), Set.of(namespace.name()), 0),
            client,
            (policy, target, now) -> metrics.get().read(policy, target, now));
  }

  @Test
  void aStatefulSetIsScaledUpByApplyThenDownFromItsHighestOrdinal(
      KubernetesClient client, TestNamespace namespace) throws Exception {
    String ns = namespace.name();
    // 40 req/s at 10 per replica (aimed at 90 % of it): 5 replicas; then 5 req/s: 1.
    AtomicReference<MetricsSource> metrics = new AtomicReference<>(Readings.fixed(40, 0.05, 0.05));
    start(client, namespace, metrics);
    client.resource(statefulSet(ns, "db", 2, "OrderedReady", "RollingUpdate")).create();
    awaitReadyPods(client, ns, "db", 2);
    client
        .resource(
            policy(
                ns,
                "apiVersion: apps/v1, kind: StatefulSet, name: db",
                "Enforce",
                "5s",
                TEN_PER_REPLICA,
                "behavior: {scaleDown: {stabilizationWindowSeconds: 0}}",
                ""))
        .create();

    StatefulSet scaled = awaitStatefulSetReplicas(client, ns, 5);
    int peak = scaled.getSpec().getReplicas();
    assertThat(scaled.getMetadata().getManagedFields())
        .as("spec.replicas set by a server-side apply of field manager headroom")
        .anySatisfy(f -> assertOwnsReplicas(f, "Apply", ""));
    PerformancePolicy reported =
        TestObjects.awaitPolicy(
            client,
            ns,
            "budget",
            WAIT,
            "TargetFound for the StatefulSet",
            p -> hasCondition(p, ConditionTypes.TARGET_FOUND, "True"));
    assertThat(condition(reported, ConditionTypes.TARGET_FOUND).message())
        .isEqualTo("StatefulSet " + ns + "/db found");
    // OrderedReady: its controller creates each pod once the one before is Ready, so all of them
    // come up in the end, named by ordinal.
    awaitReadyPods(client, ns, "db", peak);

    metrics.set(Readings.fixed(5, 0.05, 0.05));
    StatefulSet shrunk = awaitStatefulSetReplicas(client, ns, 1);
    int left = shrunk.getSpec().getReplicas();
    List<String> names =
        Poll.value(
            WAIT,
            "only the lowest " + left + " ordinals left",
            () -> Optional.of(podNames(client, ns, "db")).filter(pods -> pods.size() == left));
    assertThat(names)
        .containsExactlyElementsOf(
            java.util.stream.IntStream.range(0, left).mapToObj(i -> "db-" + i).toList());
  }

  @Test
  void anOomKillRaisesAStatefulSetsTemplateAndOnDeleteIsReported(
      KubernetesClient client, Cluster cluster, TestNamespace namespace) throws Exception {
    FakeNodeAgent nodes = cluster.requireFakeNodes();
    String ns = namespace.name();
    start(client, namespace, new AtomicReference<>(WITHIN_BUDGET));
    client.resource(statefulSet(ns, "db", 1, "OrderedReady", "OnDelete")).create();
    awaitReadyPods(client, ns, "db", 1);
    try (AutoCloseable hungry =
        nodes.useMemoryModel(ns, (pod, container) -> Optional.of(new Quantity("100Mi")))) {
      client
          .resource(
              policy(
                  ns,
                  "apiVersion: apps/v1, kind: StatefulSet, name: db",
                  "Enforce",
                  "5s",
                  "",
                  RESOURCES))
          .create();
      StatefulSet raised =
          Poll.value(
              WAIT,
              "db's template memory limit raised",
              () ->
                  Optional.ofNullable(
                          client.apps().statefulSets().inNamespace(ns).withName("db").get())
                      .filter(s -> memoryLimit(s.getSpec().getTemplate()) > 64L << 20));
      assertThat(raised.getMetadata().getManagedFields())
          .as("the limit applied by headroom")
          .anySatisfy(
              f -> {
                assertThat(f.getManager()).isEqualTo("headroom");
                assertThat(f.getOperation()).isEqualTo("Apply");
                assertThat(f.getFieldsV1().getAdditionalProperties().toString())
                    .contains("f:limits");
              });
      PerformancePolicy reported =
          TestObjects.awaitPolicy(
              client,
              ns,
              "budget",
              WAIT,
              "ResourcesApplied False, waiting for pod deletion",
              p -> hasCondition(p, ConditionTypes.RESOURCES_APPLIED, "False"));
      PolicyCondition applied = condition(reported, ConditionTypes.RESOURCES_APPLIED);
      assertThat(applied.reason()).isEqualTo(ConditionTypes.REASON_WAITING_FOR_POD_DELETION);
      assertThat(applied.message()).contains("OnDelete").contains("StatefulSet " + ns + "/db");
    }
  }

  @Test
  void aCustomResourceIsScaledThroughItsScaleSubresourceAndItsResourcesAreOnlyReported(
      KubernetesClient client, TestNamespace namespace) throws Exception {
    CrdInstaller.install(client, WORKERS);
    String ns = namespace.name();
    start(client, namespace, new AtomicReference<>(OVER_BUDGET));
    var workers = client.genericKubernetesResources(WORKER).inNamespace(ns);
    workers.resource(custom("example.com/v1", "Worker", ns, "queue", Map.of("size", 2))).create();
    status(client, WORKER, ns, "queue", Map.of("replicas", 2, "selector", "app=queue"));
    // What the worker's own operator would run.
    for (int i = 0; i < 2; i++) {
      client.resource(pod(ns, "queue-" + i, "queue")).create();
    }
    awaitReadyPods(client, ns, "queue", 2);
    client
        .resource(
            policy(
                ns,
                "apiVersion: example.com/v1, kind: Worker, name: queue",
                "Enforce",
                "1h",
                "",
                RESOURCES))
        .create();

    GenericKubernetesResource scaled =
        Poll.value(
            WAIT,
            "queue scaled up through scale",
            () ->
                Optional.ofNullable(workers.withName("queue").get())
                    .filter(w -> ((Number) w.get("spec", "size")).intValue() > 2));
    assertThat(scaled.getMetadata().getManagedFields())
        .as("spec.size set by headroom through the scale subresource")
        .anySatisfy(
            f -> {
              assertThat(f.getManager()).isEqualTo("headroom");
              assertThat(f.getSubresource()).isEqualTo("scale");
            });
    PerformancePolicy reported =
        TestObjects.awaitPolicy(
            client,
            ns,
            "budget",
            WAIT,
            "a decision on queue's replicas",
            p -> p.getStatus() != null && p.getStatus().lastDecision() != null);
    assertThat(reported.getStatus().lastDecision().replicas())
        .isEqualTo(((Number) workers.withName("queue").get().get("spec", "size")).intValue());
    assertThat(condition(reported, ConditionTypes.TARGET_FOUND).message())
        .isEqualTo("Worker " + ns + "/queue found");
  }

  @Test
  void aRolloutIsScaledAndItsTemplatesResourcesPatchedByContainerName(
      KubernetesClient client, Cluster cluster, TestNamespace namespace) throws Exception {
    CrdInstaller.install(client, ROLLOUTS);
    FakeNodeAgent nodes = cluster.requireFakeNodes();
    String ns = namespace.name();
    AtomicReference<MetricsSource> metrics = new AtomicReference<>(OVER_BUDGET);
    start(client, namespace, metrics);
    var rollouts = client.genericKubernetesResources(ROLLOUT).inNamespace(ns);
    PodTemplateSpec template = template("web", "64Mi");
    // A sidecar first, so that the app container is not at index 0 and not the only one.
    template
        .getSpec()
        .getContainers()
        .add(
            0,
            new io.fabric8.kubernetes.api.model.ContainerBuilder()
                .withName("log-shipper")
                .withImage(TestObjects.IMAGE)
                .withNewResources()
                .addToLimits("memory", new Quantity("32Mi"))
                .endResources()
                .build());
    Map<String, Object> spec =
        Map.of(
            "replicas",
            2,
            "selector",
            Map.of("matchLabels", Map.of("app", "web")),
            "template",
            client.getKubernetesSerialization().convertValue(template, Map.class));
    rollouts.resource(custom("argoproj.io/v1alpha1", "Rollout", ns, "web", spec)).create();
    status(client, ROLLOUT, ns, "web", Map.of("HPAReplicas", 2, "selector", "app=web"));
    for (int i = 0; i < 2; i++) {
      client.resource(pod(ns, "web-" + i, "web")).create();
    }
    awaitReadyPods(client, ns, "web", 2);
    client
        .resource(
            policy(
                ns,
                "apiVersion: argoproj.io/v1alpha1, kind: Rollout, name: web",
                "Enforce",
                "5s",
                "",
                RESOURCES))
        .create();
    Poll.value(
        WAIT,
        "web scaled up through scale",
        () ->
            Optional.ofNullable(rollouts.withName("web").get())
                .filter(r -> ((Number) r.get("spec", "replicas")).intValue() > 2));

    metrics.set(WITHIN_BUDGET);
    try (AutoCloseable hungry =
        nodes.useMemoryModel(ns, (pod, container) -> Optional.of(new Quantity("100Mi")))) {
      GenericKubernetesResource patched =
          Poll.value(
              WAIT,
              "the app container's memory limit raised in web's template",
              () ->
                  Optional.ofNullable(rollouts.withName("web").get())
                      .filter(r -> memoryLimit(templateOf(client, r), "app") > 64L << 20));
      PodTemplateSpec after = templateOf(client, patched);
      assertThat(after.getSpec().getContainers())
          .extracting(io.fabric8.kubernetes.api.model.Container::getName)
          .containsExactly("log-shipper", "app");
      assertThat(memoryLimit(after, "log-shipper"))
          .as("a container the policy does not name keeps its manifest's values")
          .isEqualTo(32L << 20);
      assertThat(after.getSpec().getContainers().get(1).getImage()).isEqualTo(TestObjects.IMAGE);
    }
  }

  @Test
  void targetsHeadroomCannotManageAreReportedAndNothingIsTouched(
      KubernetesClient client, TestNamespace namespace) throws Exception {
    CrdInstaller.install(client, REPORTS);
    String ns = namespace.name();
    start(client, namespace, new AtomicReference<>(OVER_BUDGET));
    client.resource(TestObjects.deployment(ns, "web", 2, "64Mi", Map.of())).create();

    client
        .resource(
            rename(
                policy(
                    ns,
                    "apiVersion: example.com/v1, kind: Gone, name: web",
                    "Enforce",
                    "1h",
                    "",
                    ""),
                "gone"))
        .create();
    client
        .resource(
            rename(
                policy(
                    ns,
                    "apiVersion: example.com/v1, kind: Report, name: web",
                    "Enforce",
                    "1h",
                    "",
                    ""),
                "no-scale"))
        .create();
    PolicyCondition gone = awaitTargetFoundFalse(client, ns, "gone");
    assertThat(gone.reason()).isEqualTo("KindNotServed");
    assertThat(gone.message())
        .isEqualTo("example.com/v1 Gone is not served by this cluster; nothing is changed");
    PolicyCondition noScale = awaitTargetFoundFalse(client, ns, "no-scale");
    assertThat(noScale.reason()).isEqualTo("NoScaleSubresource");
    assertThat(noScale.message()).startsWith("example.com/v1 Report has no scale subresource");

    // The Deployment's ReplicaSet: its controller sets its replicas, so it is another owner.
    String replicaSet =
        Poll.value(
            WAIT,
            "web's ReplicaSet",
            () ->
                client.apps().replicaSets().inNamespace(ns).list().getItems().stream()
                    .map(rs -> rs.getMetadata().getName())
                    .filter(name -> name.startsWith("web-"))
                    .findFirst());
    client
        .resource(
            rename(
                policy(
                    ns,
                    "apiVersion: apps/v1, kind: ReplicaSet, name: " + replicaSet,
                    "Enforce",
                    "1h",
                    "",
                    ""),
                "owned"))
        .create();
    PerformancePolicy owned =
        TestObjects.awaitPolicy(
            client,
            ns,
            "owned",
            WAIT,
            "Conflict for the ReplicaSet",
            p -> hasCondition(p, ConditionTypes.CONFLICT, "True"));
    assertThat(condition(owned, ConditionTypes.CONFLICT).message()).contains("Deployment web");
    assertThat(
            client
                .apps()
                .replicaSets()
                .inNamespace(ns)
                .withName(replicaSet)
                .get()
                .getSpec()
                .getReplicas())
        .isEqualTo(2);

    // A policy on the Deployment, moved to a StatefulSet of the same name that does not exist:
    // the Deployment it managed is left as it was.
    client.resource(rename(policy(ns, "name: web", "Recommend", "1h", "", ""), "moved")).create();
    TestObjects.awaitPolicy(
        client,
        ns,
        "moved",
        WAIT,
        "TargetFound for the Deployment",
        p -> hasCondition(p, ConditionTypes.TARGET_FOUND, "True"));
    long generation =
        client
            .apps()
            .deployments()
            .inNamespace(ns)
            .withName("web")
            .get()
            .getMetadata()
            .getGeneration();
    client
        .resources(PerformancePolicy.class)
        .inNamespace(ns)
        .withName("moved")
        .edit(
            p -> {
              PerformancePolicy moved =
                  policy(
                      ns,
                      "apiVersion: apps/v1, kind: StatefulSet, name: web",
                      "Recommend",
                      "1h",
                      "",
                      "");
              moved.setMetadata(p.getMetadata());
              return moved;
            });
    PolicyCondition moved = awaitTargetFoundFalse(client, ns, "moved");
    assertThat(moved.reason()).isEqualTo("TargetNotFound");
    assertThat(moved.message()).startsWith("StatefulSet " + ns + "/web not found");
    var web = client.apps().deployments().inNamespace(ns).withName("web").get();
    assertThat(web.getMetadata().getGeneration()).isEqualTo(generation);
    assertThat(web.getSpec().getReplicas()).isEqualTo(2);
    assertThat(web.getMetadata().getManagedFields())
        .noneMatch(f -> "headroom".equals(f.getManager()));
  }

  /** Requests and limits of the app container sized by the policy. */
  private static final String RESOURCES =
      """
        resources:
          mode: RequestsAndLimits
          containers:
            - name: app
              minAllowed: {cpu: 10m, memory: 16Mi}
              maxAllowed: {cpu: "1", memory: 1Gi}
      """;

  private static PerformancePolicy policy(
      String ns, String targetRef, String mode, String interval, String scaling, String more) {
    return policy(ns, targetRef, mode, interval, P95, scaling, more);
  }

  /** A p95 budget of 200 ms. */
  private static final String P95 =
      """
      latency:
                  - name: p95
                    percentile: 0.95
                    target: 200ms
                    metric: {preset: Micrometer}""";

  /**
   * 10 req/s per replica: replicas follow the request rate proportionally, down as well as up, with
   * no capacity to learn first (a latency budget never scales down before the engine has learned
   * what a pod serves, which fixed readings never teach it).
   */
  private static final String TEN_PER_REPLICA =
      "throughput: {requestsPerSecondPerReplica: 10, metric: {preset: Micrometer}}";

  private static PerformancePolicy policy(
      String ns,
      String targetRef,
      String mode,
      String interval,
      String budgets,
      String scaling,
      String more) {
    return new KubernetesSerialization()
        .unmarshal(
            """
            apiVersion: headroom.dev/v1alpha1
            kind: PerformancePolicy
            metadata: {name: budget, namespace: %s}
            spec:
              targetRef: {%s}
              mode: %s
              evaluationInterval: %s
              budgets:
                %s
              scaling: {minReplicas: 1, maxReplicas: 10, %s}
            %s"""
                .formatted(ns, targetRef, mode, interval, budgets, scaling, more),
            PerformancePolicy.class);
  }

  private static PerformancePolicy rename(PerformancePolicy policy, String name) {
    policy.getMetadata().setName(name);
    return policy;
  }

  private static StatefulSet statefulSet(
      String ns, String name, int replicas, String podManagement, String updateStrategy) {
    return new StatefulSetBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(ns)
        .endMetadata()
        .withNewSpec()
        .withReplicas(replicas)
        .withServiceName(name)
        .withPodManagementPolicy(podManagement)
        .withNewUpdateStrategy()
        .withType(updateStrategy)
        .endUpdateStrategy()
        .withNewSelector()
        .addToMatchLabels("app", name)
        .endSelector()
        .withTemplate(template(name, "64Mi"))
        .endSpec()
        .build();
  }

  /** The pod template {@link TestObjects#deployment} uses: one container {@code app}. */
  private static PodTemplateSpec template(String app, String memoryLimit) {
    return TestObjects.deployment("unused", app, 1, memoryLimit, Map.of()).getSpec().getTemplate();
  }

  private static Pod pod(String ns, String name, String app) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(ns)
        .addToLabels("app", app)
        .endMetadata()
        .withSpec(template(app, "64Mi").getSpec())
        .build();
  }

  private static GenericKubernetesResource custom(
      String apiVersion, String kind, String ns, String name, Map<String, Object> spec) {
    GenericKubernetesResource object = new GenericKubernetesResource();
    object.setApiVersion(apiVersion);
    object.setKind(kind);
    object.setMetadata(
        new io.fabric8.kubernetes.api.model.ObjectMetaBuilder()
            .withName(name)
            .withNamespace(ns)
            .build());
    object.setAdditionalProperty("spec", spec);
    return object;
  }

  /** Sets a custom resource's status, as its own controller would. */
  private static void status(
      KubernetesClient client,
      ResourceDefinitionContext kind,
      String ns,
      String name,
      Map<String, Object> status) {
    client
        .genericKubernetesResources(kind)
        .inNamespace(ns)
        .withName(name)
        .subresource("status")
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            client.getKubernetesSerialization().asJson(Map.of("status", status)));
  }

  private static PodTemplateSpec templateOf(
      KubernetesClient client, GenericKubernetesResource object) {
    return client
        .getKubernetesSerialization()
        .convertValue(object.get("spec", "template"), PodTemplateSpec.class);
  }

  private static long memoryLimit(PodTemplateSpec template) {
    return memoryLimit(template, "app");
  }

  private static long memoryLimit(PodTemplateSpec template, String container) {
    return template.getSpec().getContainers().stream()
        .filter(c -> container.equals(c.getName()))
        .map(c -> c.getResources().getLimits().get("memory"))
        .mapToLong(q -> q == null ? 0 : Quantity.getAmountInBytes(q).longValue())
        .findFirst()
        .orElse(0);
  }

  private static void assertOwnsReplicas(ManagedFieldsEntry f, String operation, String sub) {
    assertThat(f.getManager()).isEqualTo("headroom");
    assertThat(f.getOperation()).isEqualTo(operation);
    assertThat(Optional.ofNullable(f.getSubresource()).orElse("")).isEqualTo(sub);
    assertThat(f.getFieldsV1().getAdditionalProperties().toString()).contains("f:replicas");
  }

  private static List<String> podNames(KubernetesClient client, String ns, String app) {
    return client.pods().inNamespace(ns).withLabel("app", app).list().getItems().stream()
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
        .map(p -> p.getMetadata().getName())
        .sorted()
        .toList();
  }

  /** Waits for StatefulSet db to ask for this many replicas; a timeout says what was decided. */
  private static StatefulSet awaitStatefulSetReplicas(
      KubernetesClient client, String ns, int replicas) {
    try {
      return Poll.value(
          WAIT,
          "db scaled to " + replicas + " by headroom",
          () ->
              Optional.ofNullable(client.apps().statefulSets().inNamespace(ns).withName("db").get())
                  .filter(s -> s.getSpec().getReplicas() == replicas));
    } catch (AssertionError e) {
      var policy =
          client.resources(PerformancePolicy.class).inNamespace(ns).withName("budget").get();
      throw new AssertionError(
          e.getMessage()
              + "; db asks for "
              + client
                  .apps()
                  .statefulSets()
                  .inNamespace(ns)
                  .withName("db")
                  .get()
                  .getSpec()
                  .getReplicas()
              + "; the policy's status: "
              + (policy == null ? "none" : policy.getStatus()),
          e);
    }
  }

  private static void awaitReadyPods(KubernetesClient client, String ns, String app, int count) {
    Predicate<Pod> ready =
        p ->
            p.getMetadata().getDeletionTimestamp() == null
                && p.getStatus() != null
                && p.getStatus().getConditions() != null
                && p.getStatus().getConditions().stream()
                    .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    Poll.value(
        WAIT,
        count + " Ready pods of " + app,
        () ->
            Optional.of(
                    client.pods().inNamespace(ns).withLabel("app", app).list().getItems().stream()
                        .filter(ready)
                        .count())
                .filter(n -> n == count));
  }

  private static PolicyCondition awaitTargetFoundFalse(
      KubernetesClient client, String ns, String name) {
    return condition(
        TestObjects.awaitPolicy(
            client,
            ns,
            name,
            WAIT,
            "TargetFound False",
            p -> hasCondition(p, ConditionTypes.TARGET_FOUND, "False")),
        ConditionTypes.TARGET_FOUND);
  }

  private static boolean hasCondition(PerformancePolicy policy, String type, String status) {
    return policy.getStatus() != null
        && Conditions.has(policy.getStatus().conditions(), type, status);
  }

  private static PolicyCondition condition(PerformancePolicy policy, String type) {
    return Conditions.find(policy.getStatus().conditions(), type);
  }
}
