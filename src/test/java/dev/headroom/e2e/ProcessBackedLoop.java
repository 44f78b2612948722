package dev.headroom.e2e;

import dev.headroom.api.v1alpha1.PerformancePolicy;
import dev.headroom.runtime.HeadroomOperator;
import dev.headroom.runtime.OperatorConfig;
import dev.headroom.sim.load.LoadTrace;
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
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * The closed loop on real processes, set up as the real-process tests share it: a namespace on the
 * local control plane, one process-backed node whose kubelet endpoint serves metrics-server and
 * cAdvisor, a Prometheus that finds the pods and the node through {@code kubernetes_sd_configs},
 * the sample service behind a Service, an open-loop load on it, and the operator. Closing stops
 * them newest first, prints the policy's status and deletes the namespace, also when a test fails.
 */
final class ProcessBackedLoop implements AutoCloseable {
  static final KubernetesSerialization YAML = new KubernetesSerialization();

  final KubernetesClient client;
  final String namespace;
  final PrometheusServer prometheus;
  private final Closer closer = new Closer();
  private String policyName;

  private ProcessBackedLoop(
      KubernetesClient client, String namespace, FakeNodeAgent agent, Certificates pki)
      throws Exception {
    this.client = client;
    this.namespace = namespace;
    closer.add(() -> client.namespaces().withName(namespace).delete());
    closer.add(this::printStatus);
    closer.add(agent);
    agent.serveResourceMetrics(
        new KubeletEndpoint.Tls(pki.kubeletCert(), pki.kubeletKey(), pki.caCert()));
    this.prometheus =
        PrometheusServer.startDiscovering(
            namespace,
            new PrometheusServer.KubernetesDiscovery(
                URI.create(client.getMasterUrl().toString()),
                pki.caCert(),
                pki.adminCert(),
                pki.adminKey()));
    closer.add(prometheus::stop);
  }

  /** A namespace {@code name-…} and a process-backed node {@code name-node} of its own. */
  static ProcessBackedLoop start(String name) throws Exception {
    LocalControlPlane plane = LocalControlPlane.currentOrSkip();
    plane.enableWorkloads();
    Cgroups cgroups = Cgroups.require();
    KubernetesClient client = plane.client();
    String ns = plane.createNamespace(name);
    CrdInstaller.install(client, Path.of("crds/performancepolicies.headroom.dev.yaml"));
    FakeNodeAgent agent =
        FakeNodeAgent.startWithProcesses(
            client,
            FakeNodeAgent.Options.defaults().withNodes(name + "-node", 1),
            cgroups,
            TestRun.subdir(name + "-node-logs"));
    try {
      return new ProcessBackedLoop(client, ns, agent, plane.certificates());
    } catch (Exception | Error e) {
      agent.close();
      throw e;
    }
  }

  /** Creates the Deployment and its Service and waits for its replicas to be Ready. */
  void deploy(Deployment deployment) {
    String name = deployment.getMetadata().getName();
    client.resource(deployment).create();
    client.resource(SampleServiceDeployment.service(namespace, name)).create();
    Deployments.awaitReady(client, namespace, name, deployment.getSpec().getReplicas());
  }

  /** Starts sending {@code GET /work} to the Service's Ready endpoints on this schedule. */
  OpenLoopLoad load(String service, LoadTrace trace) {
    return load(service, trace, OpenLoopLoad.Arrivals.EVEN, 0);
  }

  /** The same, with these arrivals. */
  OpenLoopLoad load(String service, LoadTrace trace, OpenLoopLoad.Arrivals arrivals, long seed) {
    OpenLoopLoad load =
        OpenLoopLoad.start(
            client,
            namespace,
            service,
            SampleServiceDeployment.PORT,
            "/work",
            trace,
            arrivals,
            seed);
    closer.add(load::close);
    return load;
  }

  /** Waits until Prometheus has found the service's and the kubelet's series. */
  void awaitDiscovered() {
    Poll.until(
        Duration.ofSeconds(90),
        "Prometheus to find the pods and the kubelet through the apiserver",
        () ->
            !prometheus.query(count("http_server_requests_seconds_count")).isEmpty()
                && !prometheus.query(count("container_cpu_usage_seconds_total")).isEmpty());
  }

  /** Applies the policy and starts the operator on this namespace. */
  void startOperator(String policyYaml) throws Exception {
    PerformancePolicy policy =
        client.resource(YAML.unmarshal(policyYaml, PerformancePolicy.class)).create();
    policyName = policy.getMetadata().getName();
    HeadroomOperator operator =
        HeadroomOperator.start(
            new OperatorConfig(prometheus.baseUrl(), Set.of(namespace), 0), client);
    closer.add(operator::close);
  }

  /**
   * The sample service with two replicas, requests equal to limits, scraped by Prometheus, and
   * configured by {@code env} (see {@code SampleService}).
   */
  Deployment sampleService(String name, String cpu, String memory, Map<String, String> env) {
    Map<String, String> resources = Map.of("cpu", cpu, "memory", memory);
    return SampleServiceDeployment.of(
        namespace, name, 2, resources, resources, env, SampleServiceDeployment.SCRAPED);
  }

  /** The reasons of the Events in the namespace, oldest first. */
  List<String> eventReasons() {
    return client.v1().events().inNamespace(namespace).list().getItems().stream()
        .sorted(
            Comparator.comparing(
                (Event e) -> Instant.parse(e.getMetadata().getCreationTimestamp())))
        .map(Event::getReason)
        .toList();
  }

  /** Prints a run's timeline and writes it to {@code target/e2e/<file>} for docs and review. */
  static void report(String file, List<String> timeline, String... closingLines) throws Exception {
    StringBuilder report = new StringBuilder(String.join("\n", timeline)).append('\n');
    for (String line : closingLines) {
      report.append(line).append('\n');
    }
    System.out.println(report);
    Path out = Path.of("target/e2e", file);
    Files.createDirectories(out.getParent());
    Files.writeString(out, report);
  }

  Deployment deployment(String name) {
    return client.apps().deployments().inNamespace(namespace).withName(name).get();
  }

  /** The first sample of an instant query, if it has one. */
  OptionalDouble query(String promql) {
    return prometheus.query(promql).stream()
        .findFirst()
        .map(s -> OptionalDouble.of(s.value()))
        .orElse(OptionalDouble.empty());
  }

  /** p95 of the service's own histogram over the last 30 s, for answered requests. */
  double p95() {
    return query(
            "histogram_quantile(0.95, sum by (le)"
                + " (rate(http_server_requests_seconds_bucket{namespace=\""
                + namespace
                + "\",status=\"200\"}[30s])))")
        .orElse(Double.NaN);
  }

  /** The share of CFS periods throttled over the last 15 s, across the namespace's containers. */
  double throttledShare() {
    return throttledShare("[15s]");
  }

  /** The share of CFS periods throttled over a range such as {@code [30s]}. */
  double throttledShare(String range) {
    String containers = "{namespace=\"" + namespace + "\"}";
    return query(
            "sum(rate(container_cpu_cfs_throttled_periods_total"
                + containers
                + range
                + ")) / sum(rate(container_cpu_cfs_periods_total"
                + containers
                + range
                + "))")
        .orElse(Double.NaN);
  }

  String count(String metric) {
    return "count(" + metric + "{namespace=\"" + namespace + "\"})";
  }

  private void printStatus() {
    if (policyName != null) {
      Optional.ofNullable(
              client
                  .resources(PerformancePolicy.class)
                  .inNamespace(namespace)
                  .withName(policyName)
                  .get())
          .ifPresent(p -> System.out.println(YAML.asYaml(p.getStatus())));
    }
  }

  @Override
  public void close() throws Exception {
    closer.close();
  }
}
