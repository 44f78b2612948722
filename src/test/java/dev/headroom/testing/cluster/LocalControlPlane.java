package dev.headroom.testing.cluster;

import dev.headroom.testing.env.FreePorts;
import dev.headroom.testing.env.HttpProbe;
import dev.headroom.testing.env.ManagedProcess;
import dev.headroom.testing.env.Poll;
import dev.headroom.testing.env.Processes;
import dev.headroom.testing.env.TestEnvironment;
import dev.headroom.testing.env.TestRun;
import dev.headroom.testing.env.Unavailable;
import dev.headroom.testing.nodes.FakeNodeAgent;
import dev.headroom.testing.nodes.KubeletEndpoint;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import java.io.IOException;
import java.io.UncheckedIOException;
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
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * etcd and kube-apiserver from the cached binaries, on loopback ports chosen at run time, with
 * openssl-made certificates, an admin client certificate and RBAC: the flags of the reference
 * recipe. kube-controller-manager and kube-scheduler join on {@link #enableWorkloads()}, together
 * with the {@link FakeNodeAgent}. One of each version per test JVM: {@link #shared()} runs 1.20
 * (Debian's), {@link #sharedCurrent()} 1.36 (built from Go modules); stopped at JVM exit.
 *
 * <p>On 1.20, {@code --insecure-port=0} (and {@code --port=0} for the controller manager and
 * scheduler) because it still opens unauthenticated ports by default; later versions removed the
 * flags with the ports. {@code --endpoint-reconciler-type=none} because there is no second
 * apiserver and the default reconciler would keep rewriting the {@code kubernetes} Service's
 * endpoints.
 */
public final class LocalControlPlane implements Cluster {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(180);
  private static final List<String> BINARIES = List.of("etcd", "kube-apiserver");

  /** {@code 1.20} runs the shared control plane on Debian's 1.20 instead of the current one. */
  public static final String KUBERNETES_ENV = "HEADROOM_TEST_KUBERNETES";

  private static final OnePerJvm SHARED = new OnePerJvm("the local control plane");
  private static final OnePerJvm CURRENT = new OnePerJvm("the current local control plane");
  private static final OnePerJvm LEGACY = new OnePerJvm("the 1.20 local control plane");

  private final TestEnvironment env;
  private final Path dir;
  private final Certificates pki;
  private final int etcdPort;
  private final int apiserverPort;
  private final KubernetesClient client;
  private final List<String> apiserverCommand;
  private final List<String> etcdCommand;
  private ManagedProcess etcd;
  private int etcdStarts = 1;
  private final List<ManagedProcess> started = new ArrayList<>();
  private ManagedProcess apiserver;
  private int apiserverStarts = 1;
  private boolean workloads;
  private FakeNodeAgent agent;
  private boolean resourceMetrics;

  private LocalControlPlane(
      TestEnvironment env,
      Path dir,
      Certificates pki,
      int etcdPort,
      int apiserverPort,
      KubernetesClient client,
      List<String> apiserverCommand,
      List<String> etcdCommand,
      ManagedProcess etcd,
      ManagedProcess apiserver) {
    this.apiserverCommand = List.copyOf(apiserverCommand);
    this.etcdCommand = List.copyOf(etcdCommand);
    this.etcd = etcd;
    this.apiserver = apiserver;
    started.add(etcd);
    started.add(apiserver);
    this.env = env;
    this.dir = dir;
    this.pki = pki;
    this.etcdPort = etcdPort;
    this.apiserverPort = apiserverPort;
    this.client = client;
  }

  /** Why the cached binaries cannot run a control plane, or empty when they can. */
  public static Optional<String> whyUnavailable(TestEnvironment env) {
    return env.whyMissing(BINARIES.toArray(String[]::new));
  }

  /**
   * A control plane started once per JVM, on first use. A start that failed is not retried: every
   * later caller gets the same failure at once instead of waiting for the same timeout again.
   */
  private static final class OnePerJvm {
    private final String what;
    private LocalControlPlane plane;
    private RuntimeException failure;

    OnePerJvm(String what) {
      this.what = what;
    }

    synchronized LocalControlPlane get(Supplier<LocalControlPlane> start) {
      if (plane != null) {
        return plane;
      }
      if (failure != null) {
        throw new IllegalStateException(what + " failed to start earlier in this JVM", failure);
      }
      try {
        plane = start.get();
        return plane;
      } catch (RuntimeException e) {
        TestRun.markFailed();
        failure = e;
        throw e;
      }
    }
  }

  /** The JVM's control plane, of the version {@link #chosen} picks, started on first call. */
  public static LocalControlPlane shared() {
    return SHARED.get(
        () -> start(chosen(TestEnvironment.locate()), TestRun.subdir("control-plane")));
  }

  /**
   * Which Kubernetes the shared control plane runs: the current one (1.36) when its binaries are
   * there, unless {@code HEADROOM_TEST_KUBERNETES=1.20} asks for Debian's 1.20.
   */
  static TestEnvironment chosen(TestEnvironment env) {
    if ("1.20".equals(System.getenv(KUBERNETES_ENV))) {
      return env;
    }
    TestEnvironment current = env.current();
    return whyUnavailable(current).isEmpty() ? current : env;
  }

  /** The JVM's control plane of the current Kubernetes (1.36): the shared one when it runs it. */
  public static LocalControlPlane sharedCurrent() {
    return CURRENT.get(
        () ->
            chosen(TestEnvironment.locate()).kubernetesMinor() >= 36
                ? shared()
                : start(
                    TestEnvironment.locate().current(), TestRun.subdir("control-plane-current")));
  }

  /**
   * The JVM's control plane of Debian's Kubernetes 1.20 (the shared one, when that runs it): a real
   * apiserver without what 1.20 lacks, e.g. for the fallback where {@code pods/resize} is not
   * served.
   */
  public static LocalControlPlane sharedLegacy() {
    return LEGACY.get(
        () ->
            chosen(TestEnvironment.locate()).kubernetesMinor() < 24
                ? shared()
                : start(TestEnvironment.locate(), TestRun.subdir("control-plane-1.20")));
  }

  /**
   * The current Kubernetes' control plane for a test that needs it: skipped (or failed on CI) with
   * the reason when it was not built.
   */
  public static LocalControlPlane currentOrSkip() {
    TestEnvironment env = TestEnvironment.locate().current();
    whyUnavailable(env)
        .ifPresent(
            why -> {
              throw Unavailable.skipOrFail(
                  "the current Kubernetes control plane",
                  why + env.property("current.error").map(e -> " (" + e + ")").orElse(""),
                  "run `bash scripts/test-env.sh` (it builds Kubernetes 1.36 from test-env/k8s)");
            });
    return sharedCurrent();
  }

  /** A new namespace named {@code prefix-<random>} on this control plane. */
  public String createNamespace(String prefix) {
    String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .create();
    return name;
  }

  static LocalControlPlane start(TestEnvironment env, Path dir) {
    whyUnavailable(env)
        .ifPresent(
            why -> {
              throw new IllegalStateException(why);
            });
    Certificates pki = Certificates.create(dir.resolve("pki"));
    int etcdPort = FreePorts.pick();
    int peerPort = FreePorts.pick();
    int apiserverPort = FreePorts.pick();
    String etcdUrl = "http://127.0.0.1:" + etcdPort;
    String peerUrl = "http://127.0.0.1:" + peerPort;

    List<String> etcdArgs =
        List.of(
            env.binaryPath("etcd").toString(),
            "--name=local",
            "--data-dir=" + dir.resolve("etcd-data"),
            "--listen-client-urls=" + etcdUrl,
            "--advertise-client-urls=" + etcdUrl,
            "--listen-peer-urls=" + peerUrl,
            "--initial-advertise-peer-urls=" + peerUrl,
            "--initial-cluster=local=" + peerUrl);
    ManagedProcess etcd = Processes.start("etcd", etcdArgs, dir.resolve("etcd.log"), Map.of());
    HttpProbe plain = HttpProbe.plain();
    Poll.until(
        START_TIMEOUT,
        "etcd /health on port " + etcdPort,
        () -> {
          etcd.requireAlive();
          return plain.get(URI.create(etcdUrl + "/health")).body().contains("\"true\"");
        });

    boolean legacy = env.kubernetesMinor() < 24;
    List<String> apiserverArgs = new ArrayList<>();
    apiserverArgs.add(env.binaryPath("kube-apiserver").toString());
    if (legacy) {
      apiserverArgs.add("--insecure-port=0");
    }
    apiserverArgs.addAll(
        List.of(
            "--etcd-servers=" + etcdUrl,
            "--bind-address=127.0.0.1",
            "--secure-port=" + apiserverPort,
            "--advertise-address=127.0.0.1",
            "--endpoint-reconciler-type=none",
            "--tls-cert-file=" + pki.apiserverCert(),
            "--tls-private-key-file=" + pki.apiserverKey(),
            "--client-ca-file=" + pki.caCert(),
            "--authorization-mode=RBAC",
            "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
            "--service-account-key-file=" + pki.serviceAccountPublicKey(),
            "--service-account-signing-key-file=" + pki.serviceAccountKey(),
            "--service-cluster-ip-range=10.0.0.0/24",
            "--allow-privileged=true",
            "--cert-dir=" + dir.resolve("apiserver-certs"),
            // The aggregation layer, as kubeadm configures it: metrics-server is reached through
            // it and trusts the user the apiserver names in these headers.
            "--requestheader-client-ca-file=" + pki.frontProxyCaCert(),
            "--requestheader-allowed-names=front-proxy-client",
            "--requestheader-username-headers=X-Remote-User",
            "--requestheader-group-headers=X-Remote-Group",
            "--requestheader-extra-headers-prefix=X-Remote-Extra-",
            "--proxy-client-cert-file=" + pki.frontProxyClientCert(),
            "--proxy-client-key-file=" + pki.frontProxyClientKey()));
    ManagedProcess apiserver =
        Processes.start(
            "kube-apiserver", apiserverArgs, dir.resolve("kube-apiserver.log"), Map.of());
    HttpProbe tls = HttpProbe.trusting(pki.caCert());
    URI readyz = URI.create("https://127.0.0.1:" + apiserverPort + "/readyz");
    Poll.until(
        START_TIMEOUT,
        "kube-apiserver " + readyz,
        () -> {
          apiserver.requireAlive();
          return tls.ok(readyz);
        });

    String url = "https://127.0.0.1:" + apiserverPort;
    writeKubeconfig(dir.resolve("admin.kubeconfig"), url, pki);
    KubernetesClient client =
        ClientConfigs.clientCertificate(url, pki.caCert(), pki.adminCert(), pki.adminKey());
    Processes.onExit("control plane client", client);
    return new LocalControlPlane(
        env, dir, pki, etcdPort, apiserverPort, client, apiserverArgs, etcdArgs, etcd, apiserver);
  }

  /**
   * A control plane of this test's own (the version {@link #shared} runs), for a test that stops
   * and starts its parts: the shared one serves every other test. {@link #stop} ends it.
   */
  public static LocalControlPlane startPrivate(String name) {
    return start(chosen(TestEnvironment.locate()), TestRun.subdir(name));
  }

  /** Kills kube-apiserver (SIGKILL: no graceful shutdown), as a crash or a node loss would. */
  public synchronized void killApiserver() {
    kill("kube-apiserver", apiserver);
  }

  /** Starts kube-apiserver again, on the same port with the same flags, and waits until ready. */
  public synchronized void startApiserver() {
    apiserverStarts++;
    apiserver =
        Processes.start(
            "kube-apiserver",
            apiserverCommand,
            dir.resolve("kube-apiserver-" + apiserverStarts + ".log"),
            Map.of());
    started.add(apiserver);
    awaitApiserverReady("after a restart", apiserver);
  }

  /** Kills etcd (SIGKILL) under the running apiserver, as an etcd crash or lost quorum would. */
  public synchronized void killEtcd() {
    kill("etcd", etcd);
  }

  /** Starts etcd again on its data and ports, and waits until the apiserver is ready again. */
  public synchronized void startEtcd() {
    etcdStarts++;
    etcd =
        Processes.start("etcd", etcdCommand, dir.resolve("etcd-" + etcdStarts + ".log"), Map.of());
    started.add(0, etcd);
    awaitApiserverReady("after etcd's restart", etcd);
  }

  private static void kill(String what, ManagedProcess process) {
    ProcessHandle.of(process.pid()).ifPresent(ProcessHandle::destroyForcibly);
    Poll.until(Duration.ofSeconds(30), what + " to exit", () -> !process.isAlive());
  }

  /** Waits for the apiserver's {@code /readyz}, failing at once if {@code restarted} exits. */
  private void awaitApiserverReady(String when, ManagedProcess restarted) {
    HttpProbe tls = HttpProbe.trusting(pki.caCert());
    URI readyz = URI.create("https://127.0.0.1:" + apiserverPort + "/readyz");
    Poll.until(
        START_TIMEOUT,
        "kube-apiserver " + readyz + " " + when,
        () -> {
          restarted.requireAlive();
          return tls.ok(readyz);
        });
  }

  /**
   * Compacts etcd's history up to its current revision, through etcd's JSON gateway: a watch that
   * resumes from an earlier resourceVersion is then answered 410 Gone, and its informer must list
   * again. Returns the revision compacted to.
   */
  public long compactEtcd() {
    var http = HttpClient.newHttpClient();
    try {
      String range =
          http.send(
                  HttpRequest.newBuilder(URI.create(etcdUrl() + "/v3/kv/range"))
                      .POST(HttpRequest.BodyPublishers.ofString("{\"key\":\"AA==\"}"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      var matcher = Pattern.compile("\"revision\":\"(\\d+)\"").matcher(range);
      if (!matcher.find()) {
        throw new IllegalStateException("no revision in etcd's answer: " + range);
      }
      long revision = Long.parseLong(matcher.group(1));
      var compacted =
          http.send(
              HttpRequest.newBuilder(URI.create(etcdUrl() + "/v3/kv/compaction"))
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "{\"revision\":\"" + revision + "\",\"physical\":true}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (compacted.statusCode() != 200) {
        throw new IllegalStateException("etcd refused the compaction: " + compacted.body());
      }
      return revision;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Stops a {@link #startPrivate private} control plane's processes. */
  public synchronized void stop() {
    for (int i = started.size() - 1; i >= 0; i--) {
      started.get(i).stop(Duration.ofSeconds(5));
    }
  }

  @Override
  public String description() {
    return "local control plane (kube-apiserver "
        + env.property("kubernetes.version").orElse("?")
        + " at https://127.0.0.1:"
        + apiserverPort
        + ", files in "
        + dir
        + ")";
  }

  @Override
  public KubernetesClient client() {
    return client;
  }

  public Path dir() {
    return dir;
  }

  public Certificates certificates() {
    return pki;
  }

  @Override
  public Path kubeconfig() {
    return dir.resolve("admin.kubeconfig");
  }

  public String etcdUrl() {
    return "http://127.0.0.1:" + etcdPort;
  }

  public TestEnvironment environment() {
    return env;
  }

  @Override
  public synchronized void enableWorkloads() {
    if (workloads) {
      return;
    }
    env.whyMissing("kube-controller-manager", "kube-scheduler")
        .ifPresent(
            why -> {
              throw new IllegalStateException("cannot run workloads: " + why);
            });
    // 1.20 still serves an insecure port unless told not to; later versions have no such flag.
    List<String> noInsecurePort = env.kubernetesMinor() < 24 ? List.of("--port=0") : List.of();
    List<String> kcmArgs = new ArrayList<>();
    kcmArgs.add(env.binaryPath("kube-controller-manager").toString());
    kcmArgs.addAll(noInsecurePort);
    kcmArgs.addAll(asAdmin());
    kcmArgs.addAll(
        List.of(
            "--bind-address=127.0.0.1",
            "--secure-port=0",
            "--leader-elect=false",
            "--service-account-private-key-file=" + pki.serviceAccountKey(),
            "--root-ca-file=" + pki.caCert(),
            "--cluster-signing-cert-file=" + pki.caCert(),
            "--cluster-signing-key-file=" + pki.caKey(),
            // No cloud, no pod network, no kubelets: node lifecycle would evict the fake
            // nodes' pods on a late heartbeat, and the fake nodes drop the not-ready taint.
            "--controllers=*,-nodeipam,-nodelifecycle,-cloud-node-lifecycle,-route,-service"));
    ManagedProcess kcm =
        Processes.start(
            "kube-controller-manager",
            kcmArgs,
            dir.resolve("kube-controller-manager.log"),
            Map.of());
    List<String> schedulerArgs = new ArrayList<>();
    schedulerArgs.add(env.binaryPath("kube-scheduler").toString());
    schedulerArgs.addAll(noInsecurePort);
    schedulerArgs.addAll(asAdmin());
    schedulerArgs.addAll(
        List.of("--bind-address=127.0.0.1", "--secure-port=0", "--leader-elect=false"));
    ManagedProcess scheduler =
        Processes.start(
            "kube-scheduler", schedulerArgs, dir.resolve("kube-scheduler.log"), Map.of());
    // The service-account controller creating "default" shows the controller manager is working;
    // without that account, the ReplicaSet controller's pods are refused by admission.
    Poll.until(
        START_TIMEOUT,
        "kube-controller-manager to create the default service account",
        () -> {
          kcm.requireAlive();
          scheduler.requireAlive();
          return client.serviceAccounts().inNamespace("default").withName("default").get() != null;
        });
    agent = FakeNodeAgent.start(client, FakeNodeAgent.Options.defaults());
    Processes.onExit("fake-node agent", agent);
    workloads = true;
  }

  /**
   * The resource-metrics pipeline a real cluster has: the fake nodes' kubelet ports serve {@code
   * /metrics/resource}, metrics-server v0.8.0 scrapes them every 15 s (with the cluster CA
   * verifying each node's certificate) and serves {@code metrics.k8s.io/v1beta1} behind the
   * aggregation layer, so {@code kubectl top} and the HorizontalPodAutoscaler controller in
   * kube-controller-manager work. Starts workloads first; idempotent.
   *
   * <p>There is no kube-proxy, so the APIService names an {@code ExternalName} Service for {@code
   * localhost}: the aggregator dials that name and the APIService's port directly (it does so for
   * ExternalName Services), and checks metrics-server's certificate against the {@code caBundle}
   * under the name {@code metrics-server.kube-system.svc}.
   */
  public synchronized void enableResourceMetrics() {
    enableWorkloads();
    if (resourceMetrics) {
      return;
    }
    Path binary = TestEnvironment.locate().binaryPath("metrics-server");
    if (!Files.isExecutable(binary)) {
      throw Unavailable.skipOrFail(
          "metrics-server",
          binary + " is missing",
          "run `bash scripts/test-env.sh` (it builds metrics-server from test-env/metrics-server)");
    }
    agent.serveResourceMetrics(
        new KubeletEndpoint.Tls(pki.kubeletCert(), pki.kubeletKey(), pki.caCert()));
    int port = FreePorts.pick();
    List<String> args = new ArrayList<>();
    args.add(binary.toString());
    args.addAll(asAdmin());
    args.addAll(
        List.of(
            "--bind-address=127.0.0.1",
            "--secure-port=" + port,
            "--tls-cert-file=" + pki.metricsServerCert(),
            "--tls-private-key-file=" + pki.metricsServerKey(),
            "--kubelet-preferred-address-types=InternalIP",
            "--kubelet-use-node-status-port",
            "--kubelet-certificate-authority=" + pki.caCert(),
            "--metric-resolution=15s"));
    ManagedProcess metricsServer =
        Processes.start("metrics-server", args, dir.resolve("metrics-server.log"), Map.of());
    client.resource(MetricsApi.service()).createOr(NonDeletingOperation::update);
    client
        .resource(MetricsApi.apiService(port, pki.caCert()))
        .createOr(NonDeletingOperation::update);
    Poll.until(
        START_TIMEOUT,
        "metrics-server's APIService v1beta1.metrics.k8s.io to be Available",
        () -> {
          metricsServer.requireAlive();
          return MetricsApi.available(client);
        });
    resourceMetrics = true;
  }

  /**
   * The flags that make a component talk to this apiserver as admin and delegate the authentication
   * and authorization of its own callers to it.
   */
  private List<String> asAdmin() {
    String kubeconfig = kubeconfig().toString();
    return List.of(
        "--kubeconfig=" + kubeconfig,
        "--authentication-kubeconfig=" + kubeconfig,
        "--authorization-kubeconfig=" + kubeconfig);
  }

  @Override
  public synchronized Optional<FakeNodeAgent> fakeNodes() {
    return Optional.ofNullable(agent);
  }

  /**
   * A kubeconfig for ServiceAccount {@code namespace/name}, created here and bound to {@code
   * cluster-admin}, with a one-hour token: an identity that priority and fairness does not exempt,
   * as the admin's {@code system:masters} is.
   */
  public Path serviceAccountKubeconfig(String namespace, String name) {
    client
        .serviceAccounts()
        .inNamespace(namespace)
        .resource(
            new ServiceAccountBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .endMetadata()
                .build())
        .createOr(NonDeletingOperation::update);
    client
        .rbac()
        .clusterRoleBindings()
        .resource(
            new ClusterRoleBindingBuilder()
                .withNewMetadata()
                .withName(namespace + "-" + name + "-admin")
                .endMetadata()
                .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", "cluster-admin")
                .addNewSubject()
                .withKind("ServiceAccount")
                .withName(name)
                .withNamespace(namespace)
                .endSubject()
                .build())
        .createOr(NonDeletingOperation::update);
    String token =
        client
            .serviceAccounts()
            .inNamespace(namespace)
            .withName(name)
            .tokenRequest(
                new TokenRequestBuilder()
                    .withNewSpec()
                    .withExpirationSeconds(3600L)
                    .endSpec()
                    .build())
            .getStatus()
            .getToken();
    Path file = dir.resolve(namespace + "-" + name + ".kubeconfig");
    writeKubeconfig(
        file,
        client.getMasterUrl().toString().replaceAll("/$", ""),
        pki,
        "sa",
        "{token: \"" + token + "\"}");
    return file;
  }

  private static void writeKubeconfig(Path file, String url, Certificates pki) {
    writeKubeconfig(
        file,
        url,
        pki,
        "admin",
        "{client-certificate: \""
            + pki.adminCert()
            + "\", client-key: \""
            + pki.adminKey()
            + "\"}");
  }

  /**
   * A kubeconfig of one cluster (this one, trusting its CA) and one user: its name and its
   * credentials as flow YAML.
   */
  private static void writeKubeconfig(
      Path file, String url, Certificates pki, String name, String credentials) {
    String yaml =
        "apiVersion: v1\n"
            + "kind: Config\n"
            + "clusters: [{name: local, cluster: {server: \""
            + url
            + "\", certificate-authority: \""
            + pki.caCert()
            + "\"}}]\n"
            + "users: [{name: "
            + name
            + ", user: "
            + credentials
            + "}]\n"
            + "contexts: [{name: local, context: {cluster: local, user: "
            + name
            + "}}]\n"
            + "current-context: local\n";
    try {
      Files.writeString(file, yaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
