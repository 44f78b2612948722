package dev.headroom.testing.nodes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headroom.sim.load.ConstantLoad;
import dev.headroom.testing.cluster.LocalControlPlane;
import dev.headroom.testing.env.Poll;
import dev.headroom.testing.env.TestRun;
import dev.headroom.testing.fixtures.Deployments;
import dev.headroom.testing.load.OpenLoopLoad;
import dev.headroom.testing.process.Cgroups;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Process-backed nodes on the real control plane: a Deployment of the sample service runs as real
 * processes in cgroups, Ready by its real HTTP readiness probe, serving on its pod IP; the kernel's
 * OOM kill is reported as a kubelet reports it and the container restarts after the crash back-off;
 * an image no program stands for waits with {@code ErrImagePull}; a deleted pod leaves no process
 * and no cgroup.
 */
class ProcessNodesIT {
  private static final Duration READY = Duration.ofSeconds(90);
  private static KubernetesClient client;
  private static FakeNodeAgent agent;
  private static String namespace;

  @BeforeAll
  static void start() {
    LocalControlPlane plane = LocalControlPlane.currentOrSkip();
    plane.enableWorkloads();
    Cgroups cgroups = Cgroups.require();
    client = plane.client();
    agent =
        FakeNodeAgent.startWithProcesses(
            client,
            FakeNodeAgent.Options.defaults().withNodes("process-node", 1),
            cgroups,
            TestRun.subdir("process-node-logs"));
    namespace = plane.createNamespace("processes");
  }

  @AfterAll
  static void stop() {
    if (client != null && namespace != null) {
      client.namespaces().withName(namespace).delete();
    }
    if (agent != null) {
      agent.close();
    }
  }

  @Test
  void aDeploymentOfTheSampleServiceRunsAsRealProcesses() throws Exception {
    client.resource(sampleService("web", 2, "192Mi", Map.of())).create();
    Deployments.awaitReady(client, namespace, "web", 2);

    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    for (Pod pod : pods("web")) {
      String ip = pod.getStatus().getPodIP();
      assertThat(ip).startsWith("198.18.");
      HttpResponse<String> work =
          http.send(
              HttpRequest.newBuilder(URI.create("http://" + ip + ":8080/work")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(work.statusCode()).isEqualTo(200);
      String metrics =
          http.send(
                  HttpRequest.newBuilder(URI.create("http://" + ip + ":8080/metrics")).build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      assertThat(metrics).contains("http_server_requests_seconds_count{status=\"200\"} 1");
      ContainerStatus app = pod.getStatus().getContainerStatuses().get(0);
      assertThat(app.getContainerID()).startsWith("process://");
      assertThat(app.getState().getRunning()).isNotNull();
    }
  }

  @Test
  void anOpenLoopLoadReachesEveryReadyEndpointOfTheService() throws Exception {
    client.resource(sampleService("served", 2, "192Mi", Map.of("CPU_MILLIS", "5"))).create();
    client.resource(SampleServiceDeployment.service(namespace, "served")).create();
    Deployments.awaitReady(client, namespace, "served", 2);

    long answered;
    try (OpenLoopLoad load =
        OpenLoopLoad.start(client, namespace, "served", 8080, "/work", new ConstantLoad(20))) {
      Poll.until(
          Duration.ofSeconds(30),
          "the endpoint-slice controller to list both pods Ready",
          () -> load.readyAddresses().size() == 2);
      long before = load.sent();
      Thread.sleep(10_000);
      long sent = load.sent() - before;
      assertThat(sent).as("requests sent in 10 s at 20/s").isBetween(190L, 210L);
      Poll.until(
          Duration.ofSeconds(30),
          "every request answered",
          () -> load.latencyMicros().getTotalCount() + load.errors() >= load.sent() - 20);
      answered = load.latencyMicros().getTotalCount();
      assertThat(load.errors()).as("errors").isZero();
      System.out.printf(
          "[headroom tests] open-loop load: %d answered, p50 %.1f ms, p99 %.1f ms%n",
          answered,
          load.latencyMicros().getValueAtPercentile(50) / 1000.0,
          load.latencyMicros().getValueAtPercentile(99) / 1000.0);
    }

    // The servers' own histograms count what the client saw answered, split over both pods.
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    long served = 0;
    for (Pod pod : pods("served")) {
      String metrics =
          http.send(
                  HttpRequest.newBuilder(
                          URI.create("http://" + pod.getStatus().getPodIP() + ":8080/metrics"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      long count = countOf(metrics);
      assertThat(count).as("requests %s served", pod.getMetadata().getName()).isPositive();
      served += count;
    }
    assertThat(served)
        .as("served by the pods vs answered to the client")
        .isGreaterThanOrEqualTo(answered);
  }

  /** The sample service's count of requests answered 200. */
  private static long countOf(String metrics) {
    return metrics
        .lines()
        .filter(l -> l.startsWith("http_server_requests_seconds_count{status=\"200\"}"))
        .mapToLong(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .sum();
  }

  @Test
  void theKernelsOomKillIsReportedAsTheKubeletDoesAndTheContainerRestarts() throws Exception {
    client
        .resource(
            sampleService(
                "hungry",
                1,
                "160Mi",
                Map.of(
                    "CPU_MILLIS", "1",
                    "DEPENDENCY_MILLIS", "5000",
                    "MEMORY_PER_REQUEST_BYTES", Long.toString(16L << 20),
                    "THREADS", "32")))
        .create();
    Deployments.awaitReady(client, namespace, "hungry", 1);
    Pod pod = pods("hungry").get(0);

    // 16 requests in flight hold 256 MiB of native memory, over the 160 MiB limit.
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      sent.add(
          http.sendAsync(
              HttpRequest.newBuilder(
                      URI.create("http://" + pod.getStatus().getPodIP() + ":8080/work"))
                  .build(),
              HttpResponse.BodyHandlers.ofString()));
    }

    ContainerStatus killed =
        Poll.value(
            Duration.ofSeconds(60),
            "the pod to report the OOM kill",
            () ->
                Optional.ofNullable(client.pods().resource(pod).get())
                    .map(p -> p.getStatus().getContainerStatuses().get(0))
                    .filter(
                        s -> s.getLastState() != null && s.getLastState().getTerminated() != null));
    sent.forEach(f -> f.cancel(true));
    assertThat(killed.getLastState().getTerminated().getReason()).isEqualTo("OOMKilled");
    assertThat(killed.getLastState().getTerminated().getExitCode()).isEqualTo(137);
    assertThat(killed.getReady()).isFalse();
    assertThat(killed.getState().getWaiting().getReason()).isEqualTo("CrashLoopBackOff");

    // The kubelet's first back-off is 10 s; then the container runs again and is Ready.
    ContainerStatus restarted =
        Poll.value(
            Duration.ofSeconds(60),
            "the container to restart after its back-off",
            () ->
                Optional.ofNullable(client.pods().resource(pod).get())
                    .map(p -> p.getStatus().getContainerStatuses().get(0))
                    .filter(s -> s.getRestartCount() == 1 && Boolean.TRUE.equals(s.getReady())));
    assertThat(restarted.getLastState().getTerminated().getReason()).isEqualTo("OOMKilled");
  }

  @Test
  void aFailingLivenessProbeHasTheContainerStoppedAndRestartedAsTheKubeletDoes() {
    Deployment deployment = sampleService("unwell", 1, "256Mi", Map.of());
    // The service answers /healthz (its readiness probe) but not /live: 404, a failed probe.
    deployment
        .getSpec()
        .getTemplate()
        .getSpec()
        .getContainers()
        .get(0)
        .setLivenessProbe(
            new ProbeBuilder()
                .withNewHttpGet()
                .withPath("/live")
                .withPort(new IntOrString(SampleServiceDeployment.PORT))
                .endHttpGet()
                .withInitialDelaySeconds(2)
                .withPeriodSeconds(1)
                .withFailureThreshold(2)
                .build());
    client.resource(deployment).create();

    ContainerStatus restarted =
        Poll.value(
            Duration.ofSeconds(60),
            "the container stopped by its liveness probe and started again",
            () ->
                pods("unwell").stream()
                    .map(Pod::getStatus)
                    .filter(s -> s != null && s.getContainerStatuses() != null)
                    .flatMap(s -> s.getContainerStatuses().stream())
                    .filter(s -> s.getRestartCount() >= 1 && s.getLastState() != null)
                    .filter(s -> s.getLastState().getTerminated() != null)
                    .findFirst());
    assertThat(restarted.getLastState().getTerminated().getReason()).isEqualTo("Error");
    // SIGTERM, as the kubelet sends first: the JVM exits 143 (SIGKILL after the grace, 137).
    assertThat(restarted.getLastState().getTerminated().getExitCode()).isIn(143, 137);
  }

  @Test
  void anImageNoProgramStandsForWaitsWithErrImagePull() {
    Deployment deployment = sampleService("unknown", 1, "128Mi", Map.of());
    deployment.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("nginx:1.27");
    client.resource(deployment).create();

    ContainerStatus waiting =
        Poll.value(
            Duration.ofSeconds(30),
            "the pod to wait on its image",
            () ->
                pods("unknown").stream()
                    .map(Pod::getStatus)
                    .filter(s -> s != null && s.getContainerStatuses() != null)
                    .flatMap(s -> s.getContainerStatuses().stream())
                    .filter(s -> s.getState() != null && s.getState().getWaiting() != null)
                    .findFirst());
    assertThat(waiting.getState().getWaiting().getReason()).isEqualTo("ErrImagePull");
    assertThat(waiting.getState().getWaiting().getMessage()).contains("nginx:1.27");
  }

  @Test
  void aDeletedPodLeavesNoProcessAndNoCgroup() throws Exception {
    client.resource(sampleService("brief", 1, "192Mi", Map.of())).create();
    Deployments.awaitReady(client, namespace, "brief", 1);
    Pod pod = pods("brief").get(0);
    String uid = pod.getMetadata().getUid();
    assertThat(cgroupsOf(uid)).isNotEmpty();
    List<ProcessHandle> processes = processesIn(cgroupsOf(uid));
    assertThat(processes).as("the pod's processes").isNotEmpty();

    client.apps().deployments().inNamespace(namespace).withName("brief").delete();

    Poll.until(
        Duration.ofSeconds(30), "the pod's cgroups to be removed", () -> cgroupsOf(uid).isEmpty());
    assertThat(processes).noneMatch(ProcessHandle::isAlive);
    Poll.until(
        Duration.ofSeconds(30),
        "the pod to be gone",
        () -> client.pods().resource(pod).get() == null);
  }

  /** The cgroup directories of a pod's containers, in every hierarchy. */
  private static List<Path> cgroupsOf(String uid) {
    List<Path> found = new ArrayList<>();
    try {
      Files.walkFileTree(
          Path.of("/sys/fs/cgroup"),
          java.util.Set.of(),
          6,
          new java.nio.file.SimpleFileVisitor<>() {
            @Override
            public java.nio.file.FileVisitResult preVisitDirectory(
                Path dir, java.nio.file.attribute.BasicFileAttributes attrs) {
              if (dir.getFileName() != null && dir.getFileName().toString().startsWith(uid)) {
                found.add(dir);
              }
              return java.nio.file.FileVisitResult.CONTINUE;
            }

            @Override
            public java.nio.file.FileVisitResult visitFileFailed(Path file, java.io.IOException e) {
              return java.nio.file.FileVisitResult.CONTINUE; // a cgroup removed while we looked
            }
          });
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return found;
  }

  private static List<ProcessHandle> processesIn(List<Path> cgroups) throws Exception {
    List<ProcessHandle> found = new ArrayList<>();
    for (Path dir : cgroups) {
      for (String pid : Files.readAllLines(dir.resolve("cgroup.procs"))) {
        if (!pid.isBlank()) {
          ProcessHandle.of(Long.parseLong(pid.trim())).ifPresent(found::add);
        }
      }
    }
    return found;
  }

  private static List<Pod> pods(String app) {
    return client.pods().inNamespace(namespace).withLabel("app", app).list().getItems();
  }

  private static Deployment sampleService(
      String name, int replicas, String memoryLimit, Map<String, String> env) {
    return SampleServiceDeployment.of(
        namespace,
        name,
        replicas,
        Map.of("cpu", "200m", "memory", "128Mi"),
        Map.of("cpu", "500m", "memory", memoryLimit),
        env,
        Map.of());
  }
}
