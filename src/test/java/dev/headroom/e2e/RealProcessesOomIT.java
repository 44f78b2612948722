package dev.headroom.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headroom.api.v1alpha1.PerformancePolicy;
import dev.headroom.runtime.HeadroomOperator;
import dev.headroom.runtime.OperatorConfig;
import dev.headroom.sim.load.StepLoad;
import dev.headroom.testing.cluster.Certificates;
import dev.headroom.testing.cluster.CrdInstaller;
import dev.headroom.testing.cluster.LocalControlPlane;
import dev.headroom.testing.env.Poll;
import dev.headroom.testing.env.TestRun;
import dev.headroom.testing.fixtures.Deployments;
import dev.headroom.testing.load.OpenLoopLoad;
import dev.headroom.testing.nodes.FakeNodeAgent;
import dev.headroom.testing.nodes.KubeletEndpoint;
import dev.headroom.testing.nodes.SampleServiceDeployment;
import dev.headroom.testing.prometheus.PrometheusServer;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Memory growth on real processes: each request the sample service holds keeps 14 MiB of native
 * memory for the second it waits on its "dependency", in pods limited to 100 MiB. At 2 req/s the
 * two pods hold one request each; at 8 req/s four each, and the kernel kills them (the JVM itself
 * takes 55-67 MiB: 4 × 14 + 67 = 123 MiB). The VPA's rule raises the limit to 200 MiB, enough for
 * one pod alone with all eight (179 MiB) while a rollout replaces the other. The node agent reports
 * {@code OOMKilled} as the kubelet does, Headroom raises the memory limit by the VPA's rule (a
 * rollout: new pods, new cgroups), and the pods then run at that load without another kill for a
 * minute. The timeline (replicas, the template's limit, restarts, the largest working set) is
 * printed and written to {@code target/e2e/real-processes-oom.txt}.
 */
class RealProcessesOomIT {
  private static final KubernetesSerialization YAML = new KubernetesSerialization();
  private static final long FIRST_LIMIT_BYTES = 100L << 20;
  private static final Duration QUIET = Duration.ofSeconds(60);

  @Test
  void realOomKillsRaiseTheMemoryLimitUntilTheyStop() throws Exception {
    LocalControlPlane plane = LocalControlPlane.currentOrSkip();
    plane.enableWorkloads();
    KubernetesClient client = plane.client();
    Certificates pki = plane.certificates();
    String ns = plane.createNamespace("real-oom");
    CrdInstaller.install(client, Path.of("crds/performancepolicies.headroom.dev.yaml"));
    List<String> timeline = new ArrayList<>();
    CpuMeter machine = CpuMeter.start();
    Set<String> killedContainers = new HashSet<>();
    try (FakeNodeAgent agent =
            FakeNodeAgent.startWithProcesses(
                client,
                FakeNodeAgent.Options.defaults().withNodes("oom-node", 1),
                dev.headroom.testing.process.Cgroups.require(),
                TestRun.subdir("oom-node-logs"));
        var closer = new Closer()) {
      agent.serveResourceMetrics(
          new KubeletEndpoint.Tls(pki.kubeletCert(), pki.kubeletKey(), pki.caCert()));
      PrometheusServer prometheus =
          PrometheusServer.startDiscovering(
              "real-oom",
              new PrometheusServer.KubernetesDiscovery(
                  URI.create(client.getMasterUrl().toString()),
                  pki.caCert(),
                  pki.adminCert(),
                  pki.adminKey()));
      closer.add(prometheus::stop);
      client.resource(hungryService(ns)).create();
      client.resource(SampleServiceDeployment.service(ns, "hungry")).create();
      Deployments.awaitReady(client, ns, "hungry", 2);
      OpenLoopLoad load =
          OpenLoopLoad.start(client, ns, "hungry", 8080, "/work", new StepLoad(2, 8, 45));
      closer.add(load::close);
      long started = System.nanoTime();
      Poll.until(
          Duration.ofSeconds(90),
          "Prometheus to find the pods and the kubelet through the apiserver",
          () ->
              !prometheus
                      .query(
                          RealProcessesLoadStepIT.count("http_server_requests_seconds_count", ns))
                      .isEmpty()
                  && !prometheus
                      .query(
                          RealProcessesLoadStepIT.count("container_memory_working_set_bytes", ns))
                      .isEmpty());
      client.resource(YAML.unmarshal(policy(ns), PerformancePolicy.class)).create();
      HeadroomOperator operator =
          HeadroomOperator.start(new OperatorConfig(prometheus.baseUrl(), Set.of(ns), 0), client);
      closer.add(operator::close);

      Poll.until(
          Duration.ofSeconds(240),
          "a real OOM kill, then the template's memory limit raised",
          () -> {
            row(timeline, client, prometheus, ns, started, killedContainers);
            return !killedContainers.isEmpty() && templateLimit(client, ns) > FIRST_LIMIT_BYTES;
          });
      long[] limit = {templateLimit(client, ns)};
      long[] since = {System.nanoTime()};
      Poll.until(
          Duration.ofSeconds(360),
          "every pod Ready at the template's limit, and neither a kill nor a new limit for "
              + QUIET.toSeconds()
              + " s",
          () -> {
            row(timeline, client, prometheus, ns, started, killedContainers);
            long now = templateLimit(client, ns);
            List<Pod> pods = pods(client, ns);
            boolean settled =
                now == limit[0]
                    && pods.size() == replicas(client, ns)
                    && pods.stream().allMatch(p -> podLimit(p) == now && readyNeverRestarted(p));
            if (!settled) {
              limit[0] = now;
              since[0] = System.nanoTime();
            }
            return settled && System.nanoTime() - since[0] > QUIET.toNanos();
          });

      assertThat(killedContainers).as("containers the kernel OOM-killed").isNotEmpty();
      assertThat(limit[0])
          .as("the memory limit Headroom settled on, bytes")
          .isGreaterThan(FIRST_LIMIT_BYTES)
          .isLessThanOrEqualTo(512L << 20);
      // About what killed them (4 × 14 MiB held, and the JVM): the pods use the room they got;
      // before the step they used about 60 MiB.
      assertThat(largestWorkingSet(prometheus, ns))
          .as("the largest working set of the pods that no longer die, bytes")
          .isGreaterThan(0.9 * FIRST_LIMIT_BYTES);
      assertThat(client.v1().events().inNamespace(ns).list().getItems())
          .extracting(e -> e.getReason())
          .contains("Resize");
    } finally {
      Optional.ofNullable(
              client.resources(PerformancePolicy.class).inNamespace(ns).withName("hungry").get())
          .ifPresent(p -> System.out.println(YAML.asYaml(p.getStatus())));
      String report =
          String.join("\n", timeline)
              + "\nOOM-killed containers: "
              + killedContainers.size()
              + "\nmachine: "
              + machine.report()
              + "\n";
      System.out.println(report);
      Path out = Path.of("target/e2e/real-processes-oom.txt");
      Files.createDirectories(out.getParent());
      Files.writeString(out, report);
      client.namespaces().withName(ns).delete();
    }
  }

  private static String policy(String ns) {
    return """
        apiVersion: headroom.dev/v1alpha1
        kind: PerformancePolicy
        metadata: {name: hungry, namespace: %s}
        spec:
          targetRef: {name: hungry}
          evaluationInterval: 5s
          budgets:
            latency:
              - name: p95
                percentile: 0.95
                target: 3s
                critical: 10s
                window: 30s
                metric: {preset: Micrometer}
          scaling:
            minReplicas: 2
            maxReplicas: 4
          resources:
            mode: RequestsAndLimits
            updateMethod: Rollout
            containers:
              - name: app
                minAllowed: {cpu: 200m, memory: 100Mi}
                maxAllowed: {cpu: 200m, memory: 512Mi}
        """
        .formatted(ns);
  }

  /** One row every 5 s; each container's OOM kill is remembered once (pod uid and restarts). */
  private static void row(
      List<String> timeline,
      KubernetesClient client,
      PrometheusServer prometheus,
      String ns,
      long started,
      Set<String> killed) {
    List<Pod> pods = pods(client, ns);
    int restarts = 0;
    for (Pod pod : pods) {
      for (ContainerStatus status : pod.getStatus().getContainerStatuses()) {
        restarts += status.getRestartCount();
        if (status.getLastState() != null
            && status.getLastState().getTerminated() != null
            && "OOMKilled".equals(status.getLastState().getTerminated().getReason())) {
          killed.add(pod.getMetadata().getUid() + "/" + status.getRestartCount());
        }
      }
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    if (timeline.size() > seconds / 5) {
      return;
    }
    Deployment hungry = client.apps().deployments().inNamespace(ns).withName("hungry").get();
    timeline.add(
        "%6.1f s  replicas %d/%d  memory limit %4d MiB  restarts now %d  OOM kills seen %d  largest working set %5.1f MiB"
            .formatted(
                seconds,
                Optional.ofNullable(hungry.getStatus().getReadyReplicas()).orElse(0),
                hungry.getSpec().getReplicas(),
                templateLimit(client, ns) >> 20,
                restarts,
                killed.size(),
                largestWorkingSet(prometheus, ns) / (1 << 20)));
  }

  private static double largestWorkingSet(PrometheusServer prometheus, String ns) {
    return prometheus
        .query(
            "max(container_memory_working_set_bytes{namespace=\"" + ns + "\",container=\"app\"})")
        .stream()
        .findFirst()
        .map(PrometheusServer.Sample::value)
        .orElse(Double.NaN);
  }

  private static List<Pod> pods(KubernetesClient client, String ns) {
    return client.pods().inNamespace(ns).withLabel("app", "hungry").list().getItems().stream()
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
        .filter(p -> p.getStatus() != null && p.getStatus().getContainerStatuses() != null)
        .toList();
  }

  private static int replicas(KubernetesClient client, String ns) {
    return client
        .apps()
        .deployments()
        .inNamespace(ns)
        .withName("hungry")
        .get()
        .getSpec()
        .getReplicas();
  }

  private static long templateLimit(KubernetesClient client, String ns) {
    Deployment hungry = client.apps().deployments().inNamespace(ns).withName("hungry").get();
    return bytes(
        hungry.getSpec().getTemplate().getSpec().getContainers().get(0).getResources().getLimits());
  }

  private static long podLimit(Pod pod) {
    return bytes(pod.getSpec().getContainers().get(0).getResources().getLimits());
  }

  private static long bytes(Map<String, Quantity> limits) {
    return limits == null || !limits.containsKey("memory")
        ? 0
        : Quantity.getAmountInBytes(limits.get("memory")).longValue();
  }

  private static boolean readyNeverRestarted(Pod pod) {
    return pod.getStatus().getContainerStatuses().stream()
        .allMatch(s -> Boolean.TRUE.equals(s.getReady()) && s.getRestartCount() == 0);
  }

  /** The sample service holding 14 MiB per request for the second it waits, in 100 MiB pods. */
  private static Deployment hungryService(String ns) {
    return SampleServiceDeployment.of(
        ns,
        "hungry",
        2,
        Map.of("cpu", "200m", "memory", "100Mi"),
        Map.of("cpu", "200m", "memory", "100Mi"),
        Map.of(
            "CPU_MILLIS", "2",
            "DEPENDENCY_MILLIS", "1000",
            "MEMORY_PER_REQUEST_BYTES", Long.toString(14L << 20),
            "THREADS", "32"),
        Map.of(
            "prometheus.io/scrape", "true",
            "prometheus.io/port", Integer.toString(SampleServiceDeployment.PORT),
            "prometheus.io/path", "/metrics"));
  }
}
