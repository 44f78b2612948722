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
import dev.headroom.testing.process.Cgroups;
import dev.headroom.testing.prometheus.PrometheusServer;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The closed loop on real processes: the sample service's pods run in cgroups on a process-backed
 * node (CPU limit 200m, 10 ms of CPU per request: 20 req/s per pod at most), Prometheus finds them
 * and the kubelet's cAdvisor series through {@code kubernetes_sd_configs}, and the open-loop
 * generator sends 10 req/s, then 50 req/s through their Service. The kernel throttles the two pods,
 * their own histogram's p95 breaks the 200 ms budget, Headroom scales the Deployment, and p95 —
 * measured by the service — comes back under budget. The timeline (replicas, p95, CPU used,
 * throttled share) and how busy the machine was are printed and written to {@code
 * target/e2e/real-processes-load-step.txt}.
 */
class RealProcessesLoadStepIT {
  private static final KubernetesSerialization YAML = new KubernetesSerialization();
  private static final int STEP_AT_SECONDS = 90;
  private static final Duration RECOVERED = Duration.ofSeconds(240);

  @Test
  void aLoadStepOnRealProcessesIsMetByScaling() throws Exception {
    LocalControlPlane plane = LocalControlPlane.currentOrSkip();
    plane.enableWorkloads();
    Cgroups cgroups = Cgroups.require();
    KubernetesClient client = plane.client();
    Certificates pki = plane.certificates();
    String ns = plane.createNamespace("real-step");
    CrdInstaller.install(client, Path.of("crds/performancepolicies.headroom.dev.yaml"));
    List<String> timeline = new ArrayList<>();
    CpuMeter machine = CpuMeter.start();
    try (FakeNodeAgent agent =
            FakeNodeAgent.startWithProcesses(
                client,
                FakeNodeAgent.Options.defaults().withNodes("real-node", 1),
                cgroups,
                TestRun.subdir("real-node-logs"));
        var closer = new Closer()) {
      agent.serveResourceMetrics(
          new KubeletEndpoint.Tls(pki.kubeletCert(), pki.kubeletKey(), pki.caCert()));
      PrometheusServer prometheus =
          PrometheusServer.startDiscovering(
              "real-processes",
              new PrometheusServer.KubernetesDiscovery(
                  URI.create(client.getMasterUrl().toString()),
                  pki.caCert(),
                  pki.adminCert(),
                  pki.adminKey()));
      closer.add(prometheus::stop);
      client.resource(sampleService(ns)).create();
      client.resource(SampleServiceDeployment.service(ns, "web")).create();
      Deployments.awaitReady(client, ns, "web", 2);
      OpenLoopLoad load =
          OpenLoopLoad.start(
              client, ns, "web", 8080, "/work", new StepLoad(10, 50, STEP_AT_SECONDS));
      closer.add(load::close);
      long started = System.nanoTime();
      Poll.until(
          Duration.ofSeconds(90),
          "Prometheus to find the pods and the kubelet through the apiserver",
          () ->
              !prometheus.query(count("http_server_requests_seconds_count", ns)).isEmpty()
                  && !prometheus.query(count("container_cpu_usage_seconds_total", ns)).isEmpty());
      client
          .resource(
              YAML.unmarshal(
                  LoopUnderTest.policy(ns, "web", "web", "Enforce", 300, ""),
                  PerformancePolicy.class))
          .create();
      HeadroomOperator operator =
          HeadroomOperator.start(new OperatorConfig(prometheus.baseUrl(), Set.of(ns), 0), client);
      closer.add(operator::close);

      long stepNanos = started + STEP_AT_SECONDS * 1_000_000_000L;
      Poll.until(
          Duration.ofSeconds(STEP_AT_SECONDS + 30),
          "the step",
          () -> {
            sample(timeline, client, prometheus, ns, started);
            return System.nanoTime() > stepNanos;
          });
      int[] peak = {2};
      Poll.until(
          RECOVERED,
          "more replicas, all Ready, and p95 of the service's own histogram under 200 ms",
          () -> {
            sample(timeline, client, prometheus, ns, started);
            Deployment web = client.apps().deployments().inNamespace(ns).withName("web").get();
            int replicas = web.getSpec().getReplicas();
            peak[0] = Math.max(peak[0], replicas);
            double p95 = p95(prometheus, ns);
            return replicas > 2
                && Optional.ofNullable(web.getStatus().getReadyReplicas()).orElse(0) == replicas
                && System.nanoTime() > stepNanos + 30_000_000_000L
                && p95 < 0.2;
          });
      assertThat(peak[0]).as("replicas at the peak").isGreaterThan(2);
      assertThat(load.errors()).as("requests the generator saw fail").isLessThan(load.sent() / 10);
      assertThat(client.v1().events().inNamespace(ns).list().getItems())
          .extracting(e -> e.getReason())
          .contains("BudgetViolated", "ScaleUp");
    } finally {
      Optional.ofNullable(
              client.resources(PerformancePolicy.class).inNamespace(ns).withName("web").get())
          .ifPresent(p -> System.out.println(YAML.asYaml(p.getStatus())));
      String report = String.join("\n", timeline) + "\nmachine: " + machine.report() + "\n";
      System.out.println(report);
      Path out = Path.of("target/e2e/real-processes-load-step.txt");
      Files.createDirectories(out.getParent());
      Files.writeString(out, report);
      client.namespaces().withName(ns).delete();
    }
  }

  /** A row every 5 s of the run. */
  private static void sample(
      List<String> timeline,
      KubernetesClient client,
      PrometheusServer prometheus,
      String ns,
      long started) {
    double seconds = (System.nanoTime() - started) / 1e9;
    if (timeline.size() <= seconds / 5) {
      timeline.add(row(client, prometheus, ns, started));
    }
  }

  static String count(String metric, String ns) {
    return "count(" + metric + "{namespace=\"" + ns + "\"})";
  }

  private static double p95(PrometheusServer prometheus, String ns) {
    return prometheus
        .query(
            "histogram_quantile(0.95, sum by (le) (rate(http_server_requests_seconds_bucket{namespace=\""
                + ns
                + "\",status=\"200\"}[30s])))")
        .stream()
        .findFirst()
        .map(PrometheusServer.Sample::value)
        .orElse(Double.NaN);
  }

  private static String row(
      KubernetesClient client, PrometheusServer prometheus, String ns, long started) {
    Deployment web = client.apps().deployments().inNamespace(ns).withName("web").get();
    double cores =
        prometheus
            .query("sum(rate(container_cpu_usage_seconds_total{namespace=\"" + ns + "\"}[15s]))")
            .stream()
            .findFirst()
            .map(PrometheusServer.Sample::value)
            .orElse(Double.NaN);
    double throttled =
        prometheus
            .query(
                "sum(rate(container_cpu_cfs_throttled_periods_total{namespace=\""
                    + ns
                    + "\"}[15s])) / sum(rate(container_cpu_cfs_periods_total{namespace=\""
                    + ns
                    + "\"}[15s]))")
            .stream()
            .findFirst()
            .map(PrometheusServer.Sample::value)
            .orElse(Double.NaN);
    return "%6.1f s  replicas %d/%d  p95 %7.1f ms  CPU %.2f cores  throttled %3.0f %%"
        .formatted(
            (System.nanoTime() - started) / 1e9,
            Optional.ofNullable(web.getStatus().getReadyReplicas()).orElse(0),
            web.getSpec().getReplicas(),
            p95(prometheus, ns) * 1000,
            cores,
            throttled * 100);
  }

  /** The sample service, annotated for Prometheus as production pods are. */
  private static Deployment sampleService(String ns) {
    return SampleServiceDeployment.of(
        ns,
        "web",
        2,
        Map.of("cpu", "200m", "memory", "256Mi"),
        Map.of("cpu", "200m", "memory", "256Mi"),
        Map.of("CPU_MILLIS", "10", "THREADS", "16"),
        Map.of(
            "prometheus.io/scrape", "true",
            "prometheus.io/port", Integer.toString(SampleServiceDeployment.PORT),
            "prometheus.io/path", "/metrics"));
  }
}
