package dev.headroom.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.headroom.actuation.ApiDiscovery;
import dev.headroom.actuation.ResizeRequest;
import dev.headroom.api.v1alpha1.PolicyCondition;
import dev.headroom.testing.cluster.Cluster;
import dev.headroom.testing.cluster.RealCluster;
import dev.headroom.testing.cluster.TestNamespace;
import dev.headroom.testing.env.Poll;
import dev.headroom.testing.fixtures.TestObjects;
import dev.headroom.testing.prometheus.PrometheusServer;
import dev.headroom.testing.prometheus.RealPrometheus;
import dev.headroom.testing.workload.LiveWorkload;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The loop when something around it is wrong: Prometheus goes away, another autoscaler owns the
 * target, a query does not parse, a container is OOM-killed. Each asserts on the cluster's real
 * state, and records how long the operator took to notice and to set things right.
 */
@RealCluster(workloads = true)
@RealPrometheus
class FailureScenariosIT {
  private static final Duration SETTLE = Duration.ofSeconds(120);
  private static final double BASE_RPS = 40;

  @Test
  void withPrometheusDownNothingChangesAndTheLoopResumesWhenItReturns(
      KubernetesClient client, Cluster cluster, TestNamespace namespace) throws Exception {
    String ns = namespace.name();
    PrometheusServer prometheus = PrometheusServer.startPrivate(ns);
    try (LoopUnderTest loop =
        new LoopUnderTest("prometheus-outage", client, cluster, ns, prometheus)) {
      LiveWorkload web = loop.addTarget("web", 3, "512Mi", BASE_RPS);
      loop.awaitScraped("web", SETTLE);
      loop.apply(LoopUnderTest.policy(ns, "web", "web", "Enforce", 15, ""));
      loop.startOperator(prometheus.baseUrl());
      loop.watch("web", "web");
      loop.await(
          "metrics read", SETTLE, s -> "True".equals(s.conditions().get("MetricsAvailable")));

      loop.mark("outage");
      prometheus.stop();
      // The load falls while nobody can see it: with data, 2 replicas would do.
      web.offer(10);
      loop.await(
          "MetricsAvailable=False",
          SETTLE,
          s -> "False".equals(s.conditions().get("MetricsAvailable")));
      PolicyCondition metrics = condition(loop, "MetricsAvailable");
      assertThat(metrics.reason()).isNotEqualTo("MetricsRead");
      assertThat(metrics.message()).contains("127.0.0.1:" + prometheus.baseUrl().getPort());
      Thread.sleep(20_000);
      int replicasDuringOutage = loop.deployment("web").getSpec().getReplicas();

      loop.mark("back");
      prometheus.restart();
      loop.await(
          "metrics read again", SETTLE, s -> "True".equals(s.conditions().get("MetricsAvailable")));
      Timeline timeline = loop.timeline();
      assertThat(replicasDuringOutage).isEqualTo(3);
      double back = timeline.markAt("back");
      assertThat(timeline.since("outage").stream().filter(s -> s.seconds() < back))
          .as("replicas while Prometheus was down")
          .allMatch(s -> s.replicas() == 3);
      assertThat(loop.eventReasons("PerformancePolicy", "web")).contains(metrics.reason());

      Map<String, Optional<Double>> figures = new LinkedHashMap<>();
      figures.put(
          "detect outage",
          timeline.secondsUntil(
              "outage", s -> "False".equals(s.conditions().get("MetricsAvailable"))));
      figures.put(
          "recover after restart",
          timeline.secondsUntil(
              "back", s -> "True".equals(s.conditions().get("MetricsAvailable"))));
      Timeline.summarize("Prometheus stopped for 20 s+, then restarted", figures);
    } finally {
      prometheus.stop();
    }
  }

  @Test
  void anHpaOnTheTargetIsAConflictAndTheOperatorKeepsOff(
      KubernetesClient client,
      Cluster cluster,
      TestNamespace namespace,
      PrometheusServer prometheus)
      throws Exception {
    String ns = namespace.name();
    try (LoopUnderTest loop = new LoopUnderTest("hpa-conflict", client, cluster, ns, prometheus)) {
      LiveWorkload web = loop.addTarget("web", 2, "512Mi", BASE_RPS);
      client.resource(TestObjects.hpa(ns, "web-hpa", "web", 2, 10, 80)).create();
      loop.awaitScraped("web", SETTLE);
      loop.apply(LoopUnderTest.policy(ns, "web", "web", "Enforce", 15, ""));
      loop.startOperator();
      loop.watch("web", "web");
      loop.await("Conflict=True", SETTLE, s -> "True".equals(s.conditions().get("Conflict")));
      assertThat(condition(loop, "Conflict").message()).contains("web-hpa");

      loop.mark("step");
      web.offer(150);
      loop.await("the violation reported", SETTLE, s -> !s.violations().isEmpty());
      Thread.sleep(15_000);
      assertThat(loop.timeline().since("step")).allMatch(s -> s.replicas() == 2);
      assertThat(loop.deployment("web").getMetadata().getManagedFields())
          .noneMatch(f -> "headroom".equals(f.getManager()));
      assertThat(loop.policy("web").orElseThrow().getStatus().lastDecision().applied()).isFalse();
      assertThat(loop.eventReasons("PerformancePolicy", "web")).contains("Conflict");
      assertThat(loop.eventReasons("Deployment", "web")).doesNotContain("ScaleUp");
      Map<String, Optional<Double>> figures = new LinkedHashMap<>();
      figures.put(
          "conflict reported",
          loop.timeline()
              .secondsUntil("start", s -> "True".equals(s.conditions().get("Conflict"))));
      figures.put(
          "violation reported",
          loop.timeline().secondsUntil("step", s -> !s.violations().isEmpty()));
      Timeline.summarize("an HPA on the target, then a load step", figures);
    }
  }

  @Test
  void aQueryPrometheusRejectsIsReportedAndTheTargetLeftAlone(
      KubernetesClient client,
      Cluster cluster,
      TestNamespace namespace,
      PrometheusServer prometheus)
      throws Exception {
    String ns = namespace.name();
    try (LoopUnderTest loop = new LoopUnderTest("bad-query", client, cluster, ns, prometheus)) {
      loop.addTarget("web", 2, "512Mi", BASE_RPS);
      loop.awaitScraped("web", SETTLE);
      // One closing parenthesis short.
      String broken =
          LoopUnderTest.policy(ns, "web", "web", "Enforce", 15, "")
              .replace(
                  "metric: {preset: Micrometer}",
                  "metric: {query: 'histogram_quantile(0.95, sum by (le)"
                      + " (rate(http_server_requests_seconds_bucket{namespace=\"{{namespace}}\"}[30s]))'}");
      loop.apply(broken);
      loop.startOperator();
      loop.watch("web", "web");
      loop.mark("applied");
      loop.await(
          "MetricsAvailable=False",
          SETTLE,
          s -> "False".equals(s.conditions().get("MetricsAvailable")));
      PolicyCondition metrics = condition(loop, "MetricsAvailable");
      System.out.println("bad query condition: " + metrics);
      assertThat(metrics.message()).contains("latency/p95").containsIgnoringCase("parse");
      Thread.sleep(10_000);
      assertThat(loop.timeline().since("applied")).allMatch(s -> s.replicas() == 2);
      assertThat(loop.deployment("web").getMetadata().getManagedFields())
          .noneMatch(f -> "headroom".equals(f.getManager()));
      Timeline.summarize(
          "a latency query Prometheus cannot parse",
          Map.of(
              "reported",
              loop.timeline()
                  .secondsUntil(
                      "applied", s -> "False".equals(s.conditions().get("MetricsAvailable")))));
    }
  }

  @Test
  void anOomKilledContainerGetsMoreMemoryInPlaceOrByARolloutWhereInPlaceIsUnsupported(
      KubernetesClient client,
      Cluster cluster,
      TestNamespace namespace,
      PrometheusServer prometheus)
      throws Exception {
    String ns = namespace.name();
    assumeTrue(
        cluster.fakeNodes().isPresent(),
        "needs the fake nodes of the local control plane, which OOM-kill what the model says"
            + " is over its limit");
    boolean servesResize =
        new ApiDiscovery(client).serves("v1", "pods/" + ResizeRequest.SUBRESOURCE);
    try (LoopUnderTest loop = new LoopUnderTest("oom-kill", client, cluster, ns, prometheus)) {
      // The service idles at 100 MiB: under a 64 MiB limit the kernel kills it as it starts.
      loop.addTarget("web", 2, "64Mi", 20);
      loop.apply(
          LoopUnderTest.policy(
              ns,
              "web",
              "web",
              "Enforce",
              15,
              """
                resources:
                  mode: RequestsAndLimits
                  updateMethod: InPlace
                  containers:
                    - name: app
                      minAllowed: {cpu: "1", memory: 32Mi}
                      maxAllowed: {cpu: "1", memory: 1Gi}
              """));
      loop.startOperator();
      loop.watch("web", "web");
      loop.mark("oom");
      if (servesResize) {
        // Kubernetes 1.33+: the running pods get the new limit without a rollout; the template
        // keeps its value (new pods are resized in turn), so the pods are what to watch.
        Poll.until(
            SETTLE.plusSeconds(60),
            "every pod's memory limit raised in place and every pod Ready",
            () -> {
              List<Pod> pods =
                  client.pods().inNamespace(ns).withLabel("app", "web").list().getItems();
              return pods.size() == 2
                  && pods.stream()
                      .allMatch(
                          p ->
                              Quantity.getAmountInBytes(
                                              p.getSpec()
                                                  .getContainers()
                                                  .get(0)
                                                  .getResources()
                                                  .getLimits()
                                                  .get("memory"))
                                          .longValue()
                                      > 100L << 20
                                  && p.getStatus().getConditions().stream()
                                      .anyMatch(
                                          c ->
                                              "Ready".equals(c.getType())
                                                  && "True".equals(c.getStatus())));
            });
        PolicyCondition resized = condition(loop, "InPlaceResize");
        assertThat(resized.status()).isEqualTo("True");
        assertThat(resized.reason()).isEqualTo("ResizedInPlace");
        assertThat(loop.eventReasons("PerformancePolicy", "web")).contains("ResizedInPlace");
        return;
      }
      loop.await(
          "the memory limit raised and every pod Ready",
          SETTLE.plusSeconds(60),
          s ->
              Quantity.getAmountInBytes(new Quantity(s.memoryLimit())).longValue() > 100L << 20
                  && s.ready() == s.replicas());
      assertThat(loop.eventReasons("PerformancePolicy", "web")).contains("Resize");
      assertThat(loop.eventReasons("Deployment", "web")).contains("Resize", "InPlaceUnsupported");
      // InPlace asked, on a cluster without pods/resize: rolled out instead, and said so.
      PolicyCondition inPlace = condition(loop, "InPlaceResize");
      assertThat(inPlace.status()).isEqualTo("False");
      assertThat(inPlace.reason()).isEqualTo("InPlaceUnsupported");
      assertThat(inPlace.message()).contains("rolling the pods out instead");
      Timeline timeline = loop.timeline();
      Map<String, Optional<Double>> figures = new LinkedHashMap<>();
      figures.put(
          "act (limit raised)", timeline.secondsUntil("oom", s -> !s.memoryLimit().equals("64Mi")));
      figures.put(
          "recover (all Ready)",
          timeline.secondsUntil(
              "oom", s -> !s.memoryLimit().equals("64Mi") && s.ready() == s.replicas()));
      Timeline.summarize("containers OOM-killed at a 64Mi limit", figures);
    }
  }

  private static PolicyCondition condition(LoopUnderTest loop, String type) {
    return TestObjects.condition(loop.policy("web").orElseThrow(), type).orElseThrow();
  }
}
