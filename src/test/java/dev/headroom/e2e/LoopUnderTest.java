package dev.headroom.e2e;

import dev.headroom.api.v1alpha1.PerformancePolicy;
import dev.headroom.api.v1alpha1.PolicyCondition;
import dev.headroom.api.v1alpha1.Violation;
import dev.headroom.runtime.HeadroomOperator;
import dev.headroom.runtime.OperatorConfig;
import dev.headroom.sim.model.ServiceParameters;
import dev.headroom.testing.cluster.Cluster;
import dev.headroom.testing.cluster.CrdInstaller;
import dev.headroom.testing.env.Poll;
import dev.headroom.testing.fixtures.TestObjects;
import dev.headroom.testing.prometheus.MetricsEndpoint;
import dev.headroom.testing.prometheus.PrometheusServer;
import dev.headroom.testing.prometheus.ScrapeTarget;
import dev.headroom.testing.workload.LiveWorkload;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One end-to-end scenario's world: Deployments on the real cluster whose pods the fake nodes run,
 * each with a {@link LiveWorkload} that Prometheus scrapes, and the operator in-process. It samples
 * one target and its policy every half second into a {@link Timeline}.
 */
final class LoopUnderTest implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LoopUnderTest.class);
  private static final Path CRD = Path.of("crds/performancepolicies.headroom.dev.yaml");
  private static final KubernetesSerialization YAML = new KubernetesSerialization();

  /**
   * A service whose request needs 20 ms of one core (so a pod of one core serves at most 50
   * requests a second), idles at 100 MiB and holds 1 MiB per request in flight; the client gives up
   * after 5 s.
   */
  static final ServiceParameters SERVICE =
      new ServiceParameters(0.02, 1.0, 0, 100L << 20, 1L << 20, 5.0, Optional.empty());

  /** One signal window: the operator has seen the base load as it is, not a young series. */
  static final Duration BASE_LOAD_SEEN = Duration.ofSeconds(35);

  private final KubernetesClient client;
  private final Cluster cluster;
  private final String namespace;
  private final PrometheusServer prometheus;
  private final Timeline timeline;
  private final Deque<AutoCloseable> resources = new ArrayDeque<>();
  private final Map<String, LiveWorkload> workloads = new TreeMap<>();
  private final ScheduledExecutorService sampler;
  private final long startedNanos = System.nanoTime();
  private final java.time.Instant startedAt = java.time.Instant.now();
  private HeadroomOperator operator;
  private String watchedTarget;
  private String watchedPolicy;

  LoopUnderTest(
      String scenario,
      KubernetesClient client,
      Cluster cluster,
      String namespace,
      PrometheusServer prometheus) {
    this.client = client;
    this.cluster = cluster;
    this.namespace = namespace;
    this.prometheus = prometheus;
    this.timeline = new Timeline(scenario);
    CrdInstaller.install(client, CRD);
    this.sampler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "e2e-sampler");
              t.setDaemon(true);
              return t;
            });
  }

  String namespace() {
    return namespace;
  }

  Timeline timeline() {
    return timeline;
  }

  double now() {
    return (System.nanoTime() - startedNanos) / 1e9;
  }

  void mark(String what) {
    double at = now();
    timeline.mark(what, at);
    LOG.info("[{}] {} at {}s", namespace, what, Math.round(at));
  }

  /**
   * Creates a Deployment {@code name} of one container {@code app} with a core of CPU (request and
   * limit) and the given memory, its pods served by a {@link LiveWorkload} at {@code rps} that
   * Prometheus scrapes.
   */
  LiveWorkload addTarget(String name, int replicas, String memoryLimit, double rps) {
    Map<String, String> amounts = Map.of("cpu", "1", "memory", memoryLimit);
    client
        .resource(TestObjects.deployment(namespace, name, replicas, amounts, amounts, Map.of()))
        .create();
    LiveWorkload workload =
        LiveWorkload.start(client, new LiveWorkload.Spec(namespace, name, "app", SERVICE, rps));
    resources.push(workload);
    cluster
        .fakeNodes()
        .ifPresent(
            agent -> {
              resources.push(agent.useMemoryModel(namespace, workload.memoryModel()));
              resources.push(agent.useCpuModel(namespace, workload.cpuModel()));
            });
    MetricsEndpoint endpoint = MetricsEndpoint.serve(workload::exposition);
    resources.push(endpoint);
    ScrapeTarget scrape = prometheus.scrape(namespace + "-" + name, endpoint.uri());
    resources.push(scrape);
    workloads.put(name, workload);
    return workload;
  }

  /** Waits until Prometheus has scraped successful requests of {@code name}'s pods. */
  void awaitScraped(String name, Duration timeout) {
    Poll.value(
        timeout,
        "Prometheus has " + name + "'s requests",
        () ->
            prometheus
                .query(
                    "sum(http_server_requests_seconds_count{namespace=\""
                        + namespace
                        + "\",pod=~\""
                        + name
                        + "-.*\",status=\"200\"}) > 0")
                .stream()
                .findFirst());
  }

  /**
   * A policy on {@code target}: p95 under 200 ms (critical 1 s) over a 30 s window, evaluated every
   * 5 s, 2–10 replicas, scale-down held for {@code scaleDownWindowSeconds}; {@code extraSpec} is
   * more YAML under spec (two-space indented).
   */
  static String policy(
      String namespace,
      String name,
      String target,
      String mode,
      int scaleDownWindowSeconds,
      String extraSpec) {
    return """
        apiVersion: headroom.dev/v1alpha1
        kind: PerformancePolicy
        metadata: {name: %s, namespace: %s}
        spec:
          targetRef: {name: %s}
          mode: %s
          evaluationInterval: 5s
          budgets:
            latency:
              - name: p95
                percentile: 0.95
                target: 200ms
                critical: 1s
                window: 30s
                metric: {preset: Micrometer}
          scaling:
            minReplicas: 2
            maxReplicas: 10
            behavior:
              scaleDown:
                stabilizationWindowSeconds: %d
        %s
        """
        .formatted(name, namespace, target, mode, scaleDownWindowSeconds, extraSpec);
  }

  PerformancePolicy apply(String policyYaml) {
    return client.resource(YAML.unmarshal(policyYaml, PerformancePolicy.class)).create();
  }

  void startOperator() throws IOException {
    startOperator(prometheus.baseUrl());
  }

  void startOperator(URI prometheusUrl) throws IOException {
    startOperator(new OperatorConfig(prometheusUrl, Set.of(namespace), 0), client);
  }

  /** Starts the operator with this configuration, acting through {@code operatorClient}. */
  HeadroomOperator startOperator(OperatorConfig config, KubernetesClient operatorClient)
      throws IOException {
    if (operator != null) {
      throw new IllegalStateException("the operator is running");
    }
    operator = HeadroomOperator.start(config, operatorClient);
    return operator;
  }

  /** Stops the operator as a crash or a rollout would; its memory is gone, the cluster stays. */
  void stopOperator() {
    if (operator != null) {
      operator.close();
      operator = null;
    }
  }

  /** Starts sampling {@code target} and {@code policy} into the timeline every half second. */
  void watch(String target, String policy) {
    this.watchedTarget = target;
    this.watchedPolicy = policy;
    mark("start");
    sampler.scheduleAtFixedRate(this::sampleSafely, 0, 500, TimeUnit.MILLISECONDS);
  }

  private void sampleSafely() {
    try {
      timeline.add(sample());
    } catch (RuntimeException e) {
      LOG.warn("sampling failed: {}", e.toString());
    }
  }

  private Timeline.Sample sample() {
    double at = now();
    Deployment deployment = deployment(watchedTarget);
    PerformancePolicy policy = policy(watchedPolicy).orElse(null);
    var status = policy == null ? null : policy.getStatus();
    if (status != null && status.engineState() != null) {
      for (var recommendation :
          status.engineState().path("state").path("behavior").path("recommendations")) {
        double seconds =
            Duration.between(startedAt, java.time.Instant.parse(recommendation.path("at").asText()))
                    .toNanos()
                / 1e9;
        timeline.recommended(seconds, recommendation.path("replicas").asInt());
      }
    }
    Map<String, String> conditions = new TreeMap<>();
    if (status != null && status.conditions() != null) {
      for (PolicyCondition c : status.conditions()) {
        if (!c.type().equals("Ready") && !c.type().equals("TargetFound")) {
          conditions.put(c.type(), c.status());
        }
      }
    }
    return new Timeline.Sample(
        at,
        deployment.getSpec().getReplicas(),
        Optional.ofNullable(deployment.getStatus().getReadyReplicas()).orElse(0),
        memoryLimit(deployment),
        status == null ? null : status.keyBudget(),
        status == null || status.violations() == null
            ? List.of()
            : status.violations().stream().map(Violation::budget).toList(),
        conditions,
        status == null || status.lastDecision() == null ? null : status.lastDecision().replicas(),
        status == null || status.lastDecision() == null ? null : status.lastDecision().reason());
  }

  Deployment deployment(String name) {
    return client.apps().deployments().inNamespace(namespace).withName(name).get();
  }

  static String memoryLimit(Deployment deployment) {
    return deployment
        .getSpec()
        .getTemplate()
        .getSpec()
        .getContainers()
        .get(0)
        .getResources()
        .getLimits()
        .get("memory")
        .toString();
  }

  Optional<PerformancePolicy> policy(String name) {
    return Optional.ofNullable(
        client.resources(PerformancePolicy.class).inNamespace(namespace).withName(name).get());
  }

  /** Waits until the newest sample satisfies {@code holds}; returns it. */
  Timeline.Sample await(String what, Duration timeout, Predicate<Timeline.Sample> holds) {
    return Poll.value(
        timeout,
        what,
        () -> {
          List<Timeline.Sample> recent = timeline.since("start");
          return recent.isEmpty()
              ? Optional.empty()
              : Optional.of(recent.get(recent.size() - 1)).filter(holds);
        });
  }

  /** The Events recorded on {@code kind}/{@code name}, oldest first. */
  List<Event> events(String kind, String name) {
    return client.v1().events().inNamespace(namespace).list().getItems().stream()
        .filter(e -> kind.equals(e.getInvolvedObject().getKind()))
        .filter(e -> name.equals(e.getInvolvedObject().getName()))
        .sorted(
            java.util.Comparator.comparing(
                (Event e) -> e.getFirstTimestamp() == null ? "" : e.getFirstTimestamp()))
        .collect(Collectors.toList());
  }

  List<String> eventReasons(String kind, String name) {
    return events(kind, name).stream().map(Event::getReason).toList();
  }

  /** The count an Event with {@code reason} first moved replicas to ("… 2 -> 5: …"). */
  int firstReplicasBy(String policy, String reason) {
    String message =
        events("PerformancePolicy", policy).stream()
            .filter(e -> reason.equals(e.getReason()))
            .map(Event::getMessage)
            .filter(m -> m.contains("replicas"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no " + reason + " event on " + policy));
    var matcher = java.util.regex.Pattern.compile("-> *(\\d+)").matcher(message);
    if (!matcher.find()) {
      throw new AssertionError("no target count in: " + message);
    }
    return Integer.parseInt(matcher.group(1));
  }

  @Override
  public void close() {
    sampler.shutdownNow();
    if (watchedPolicy != null) {
      // The whole status, engine state included: what a failure report needs to explain itself.
      policy(watchedPolicy).ifPresent(p -> System.out.println(YAML.asYaml(p.getStatus())));
    }
    stopOperator();
    while (!resources.isEmpty()) {
      try {
        resources.pop().close();
      } catch (Exception e) {
        LOG.warn("closing: {}", e.toString());
      }
    }
    System.out.println(timeline.table());
  }
}
