package dev.headroom.demo;

import dev.headroom.api.v1alpha1.PerformancePolicy;
import dev.headroom.runtime.HeadroomOperator;
import dev.headroom.runtime.OperatorConfig;
import dev.headroom.sim.load.LoadTrace;
import dev.headroom.sim.model.ServiceParameters;
import dev.headroom.testing.cluster.Certificates;
import dev.headroom.testing.cluster.Cluster;
import dev.headroom.testing.cluster.CrdInstaller;
import dev.headroom.testing.cluster.LocalControlPlane;
import dev.headroom.testing.cluster.SharedCluster;
import dev.headroom.testing.env.Poll;
import dev.headroom.testing.env.Processes;
import dev.headroom.testing.env.TestRun;
import dev.headroom.testing.fixtures.TestObjects;
import dev.headroom.testing.load.OpenLoopLoad;
import dev.headroom.testing.nodes.FakeNodeAgent;
import dev.headroom.testing.nodes.KubeletEndpoint;
import dev.headroom.testing.nodes.SampleServiceDeployment;
import dev.headroom.testing.process.Cgroups;
import dev.headroom.testing.prometheus.MetricsEndpoint;
import dev.headroom.testing.prometheus.PrometheusServer;
import dev.headroom.testing.prometheus.ScrapeTarget;
import dev.headroom.testing.workload.LiveWorkload;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.opentest4j.TestAbortedException;

/**
 * {@code scripts/demo.sh}: the real closed loop on this machine. It starts the tests' cluster (the
 * local control plane), a process-backed node whose pods are real processes in cgroups, a
 * Deployment {@code web} of 2 replicas of the sample service (200m, 10 ms of CPU per request)
 * behind a Service, a Prometheus that finds the pods through {@code kubernetes_sd_configs}, the
 * open-loop load generator at 10 req/s, and the operator in-process; applies {@code
 * examples/demo/web-policy.yaml}; once the budget has been met for a window (30 s, {@code
 * --baseline}; or a minute later regardless) steps the load to 50 req/s, and once the violations
 * clear at the new size (or after 4 minutes) drops it back to 10. With {@code --fake-pods} the pods
 * are the fake nodes' and a {@link LiveWorkload} (the simulator's queueing model) serves 40, then
 * 150 req/s. It prints the loop's state and Events as they change until Ctrl-C, or until {@code
 * --duration} seconds after the policy was applied.
 *
 * <p>Everything started is stopped through {@link Processes#onExit}: the progress printer, the
 * operator, the workload and its scrape, and then the servers, newest first.
 */
public final class Demo {
  static final String NAMESPACE = "headroom-demo";
  static final String TARGET = "web";
  static final String POLICY_NAME = "web";
  static final Path POLICY = Path.of("examples", "demo", "web-policy.yaml");
  static final Path CRD = Path.of("crds", "performancepolicies.headroom.dev.yaml");

  static final int BASE_REPLICAS = 2;

  /** Real pods: 200m each and 10 ms of CPU per request, so at most 20 req/s per pod. */
  static final Map<String, String> REAL_POD = Map.of("cpu", "200m", "memory", "256Mi");

  static final Map<String, String> REAL_SERVICE = Map.of("CPU_MILLIS", "10", "THREADS", "16");

  /** Real pods: 10 req/s on 2 pods at a quarter of their CPU; p95 about 25 ms. */
  static final double REAL_BASE_RPS = 10;

  /** Real pods: 50 req/s overloads 2 pods (40 req/s at most); p95 under 200 ms needs about 4. */
  static final double REAL_STEP_RPS = 50;

  /**
   * Room for a full backlog: the service sheds what would wait past its 5 s timeout, so a pod holds
   * at most 100 MiB + 250 requests of 1 MiB. The step then shows the latency loop, not OOM kills
   * (with 256Mi the overloaded pods are OOM-killed within seconds of the step).
   */
  static final String MEMORY = "512Mi";

  /** Fake pods: 40 req/s on 2 pods of 50 req/s each: p95 about 100 ms, within the budget. */
  static final double BASE_RPS = 40;

  /** Fake pods: 150 req/s: 2 pods are overloaded; p95 under 200 ms needs about 5. */
  static final double STEP_RPS = 150;

  /**
   * How long the budget must be met, with metrics, before the step (--baseline): one window, so the
   * operator has seen the service at its base load before it sees it overloaded. (The first
   * evaluations say BudgetsMet=Unknown while there is no data yet.)
   */
  static final Duration BASELINE_HOLD = Duration.ofSeconds(30);

  /** The step comes at the latest this long after the baseline could have been held. */
  static final Duration BASELINE_GRACE = Duration.ofSeconds(60);

  static final Duration RECOVERY_WAIT = Duration.ofMinutes(4);
  static final Duration SETUP_TIMEOUT = Duration.ofSeconds(180);

  /**
   * The end-to-end tests' service (e2e.LoopUnderTest.SERVICE): a request needs 20 ms of one core,
   * so a pod of one core serves at most 50 requests a second; it idles at 100 MiB, holds 1 MiB per
   * request in flight, and its clients give up after 5 s.
   */
  static final ServiceParameters SERVICE =
      new ServiceParameters(0.02, 1.0, 0, 100L << 20, 1L << 20, 5.0, Optional.empty());

  static final String USAGE =
      """
      usage: scripts/demo.sh [--duration N] [--baseline N] [--fake-pods]

        Runs Headroom's real loop on this machine: a local Kubernetes control plane, a node whose
        pods are real processes in cgroups (the sample service, 200m each), Prometheus, a load
        generator and the operator; applies examples/demo/web-policy.yaml, steps the load
        10 -> 50 -> 10 req/s and prints the policy's status and Events as they change. Ctrl-C
        stops everything. Real pods need root and writable cgroups (docs/testing.md).

        --duration N   stop by itself N seconds after the policy is applied (for smoke runs)
        --baseline N   step the load once the budget has been met for N s (default 30)
        --fake-pods    fake nodes and a simulated service instead (40 -> 150 -> 40 req/s)
        -h, --help     this text
      """;

  private static final KubernetesSerialization YAML = new KubernetesSerialization();
  private static final Set<String> EVENT_OBJECTS =
      Set.of("PerformancePolicy/" + POLICY_NAME, "Deployment/" + TARGET);

  /**
   * The command line.
   *
   * @param duration how long to run after the policy is applied; empty: until Ctrl-C
   * @param baseline how long the budget must be met, with metrics, before the load step
   * @param help whether to print the usage and exit
   * @param fakePods fake nodes and the simulated service rather than real processes
   */
  record Options(Optional<Duration> duration, Duration baseline, boolean help, boolean fakePods) {
    static Options parse(String... args) {
      Optional<Duration> duration = Optional.empty();
      Duration baseline = BASELINE_HOLD;
      boolean help = false;
      boolean fakePods = false;
      for (int i = 0; i < args.length; i++) {
        String arg = args[i];
        if (arg.equals("-h") || arg.equals("--help")) {
          help = true;
        } else if (arg.equals("--fake-pods")) {
          fakePods = true;
        } else if (arg.equals("--duration") || arg.startsWith("--duration=")) {
          duration = Optional.of(seconds("--duration", args, i));
          i += arg.contains("=") ? 0 : 1;
        } else if (arg.equals("--baseline") || arg.startsWith("--baseline=")) {
          baseline = seconds("--baseline", args, i);
          i += arg.contains("=") ? 0 : 1;
        } else {
          throw new IllegalArgumentException("unknown argument '" + arg + "'");
        }
      }
      return new Options(duration, baseline, help, fakePods);
    }

    /** The value of {@code args[i]} ({@code --flag N} or {@code --flag=N}) in whole seconds. */
    private static Duration seconds(String flag, String[] args, int i) {
      String value;
      if (args[i].equals(flag)) {
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException(flag + " needs a number of seconds");
        }
        value = args[i + 1];
      } else {
        value = args[i].substring(flag.length() + 1);
      }
      long seconds;
      try {
        seconds = Long.parseLong(value);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(flag + " takes whole seconds, got '" + value + "'");
      }
      if (seconds <= 0) {
        throw new IllegalArgumentException(flag + " must be > 0, got " + seconds);
      }
      return Duration.ofSeconds(seconds);
    }
  }

  private final Options options;
  private final PrintStream out;
  private final Progress progress;
  private KubernetesClient client;
  private OfferedLoad workload;

  /** The load the demo steps: the simulated service's or the generator's. */
  interface OfferedLoad {
    double offeredRps();

    void offer(double rps);
  }

  /** What serves the Deployment and what Prometheus reads it from. */
  private record Service(OfferedLoad load, PrometheusServer prometheus, double base, double step) {}

  private Demo(Options options, PrintStream out) {
    this.options = options;
    this.out = out;
    this.progress = new Progress(out, System.nanoTime());
  }

  public static void main(String[] args) {
    Options options;
    try {
      options = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("demo: " + e.getMessage());
      System.err.print(USAGE);
      System.exit(2);
      return;
    }
    if (options.help()) {
      System.out.print(USAGE);
      return;
    }
    Path logFile = quietLogging();
    Demo demo = new Demo(options, System.out);
    try {
      demo.run(logFile);
      System.exit(0);
    } catch (TestAbortedException e) {
      // What the tests would skip for: the servers are missing.
      System.err.println("demo: " + e.getMessage());
      System.exit(1);
    } catch (RuntimeException | Error | IOException e) {
      TestRun.markFailed(); // keeps the servers' logs
      System.err.println("demo: failed: " + e);
      System.err.println("demo: the operator's log is " + logFile);
      System.exit(1);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      System.exit(130);
    }
  }

  /**
   * Sends the operator's, the client's and the workload's logging to a file, and the servers' run
   * directory under target/demo, unless the command line said otherwise. Must run before anything
   * asks SLF4J for a logger.
   */
  static Path quietLogging() {
    Path dir = Path.of("target", "demo").toAbsolutePath();
    setIfAbsent("headroom.demo.log", dir.resolve("headroom-demo.log").toString());
    setIfAbsent("logback.configurationFile", "demo-logback.xml");
    setIfAbsent(TestRun.LOGS_PROPERTY, dir.resolve("servers").toString());
    return Path.of(System.getProperty("headroom.demo.log"));
  }

  private static void setIfAbsent(String property, String value) {
    if (System.getProperty(property) == null || System.getProperty(property).isBlank()) {
      System.setProperty(property, value);
    }
  }

  private void run(Path logFile) throws IOException, InterruptedException {
    progress.say("Headroom demo: the real loop on this machine; Ctrl-C stops everything");
    progress.say("operator and workload log: " + logFile);
    progress.say("starting the cluster (control plane, controller manager, scheduler, fake nodes)");
    Cluster cluster = SharedCluster.get();
    cluster.enableWorkloads();
    client = cluster.client();
    progress.say("cluster ready");
    progress.say("server logs: " + TestRun.dir() + " (deleted at a clean exit)");
    if (!(cluster instanceof LocalControlPlane)) {
      progress.say(
          "namespace "
              + NAMESPACE
              + " stays on this cluster after the demo (the next run replaces it;"
              + " kubectl delete namespace "
              + NAMESPACE
              + " removes it)");
    }
    if (cluster instanceof LocalControlPlane local) {
      String kubectl = local.environment().binary("kubectl").map(Path::toString).orElse("kubectl");
      progress.say("watch it yourself in another terminal:");
      out.println(
          "         "
              + kubectl
              + " --kubeconfig "
              + local.kubeconfig()
              + " get performancepolicies -n "
              + NAMESPACE
              + " -w");
    }

    CrdInstaller.install(client, CRD);
    freshNamespace();
    Service service;
    if (options.fakePods()) {
      service = simulatedService(cluster);
    } else if (cluster instanceof LocalControlPlane local) {
      service = realService(local);
    } else {
      throw new TestAbortedException(
          "real pods need the local control plane (this cluster is "
              + cluster.getClass().getSimpleName()
              + "); scripts/demo.sh --fake-pods runs on any cluster");
    }
    workload = service.load();
    awaitScraped(service.prometheus());
    PrometheusServer prometheus = service.prometheus();

    HeadroomOperator operator =
        HeadroomOperator.start(
            new OperatorConfig(prometheus.baseUrl(), Set.of(NAMESPACE), 0), client);
    Processes.onExit("headroom operator", operator);
    progress.say("operator started, watching namespace " + NAMESPACE);

    PerformancePolicy policy =
        client
            .resource(YAML.unmarshal(Files.readString(POLICY), PerformancePolicy.class))
            .inNamespace(NAMESPACE)
            .create();
    double loopStart = progress.seconds();
    progress.say("applied " + POLICY + ": " + describe(policy));

    ScheduledExecutorService ticker =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "demo-progress");
              t.setDaemon(true);
              return t;
            });
    Scenario scenario =
        new Scenario(loopStart, scaleDownWindowSeconds(policy), service.base(), service.step());
    ticker.scheduleWithFixedDelay(() -> tick(scenario), 0, 1, TimeUnit.SECONDS);
    // Registered last, so it runs first at exit: nothing prints while the rest stops.
    Processes.onExit(
        "demo progress",
        () -> {
          ticker.shutdownNow();
          ticker.awaitTermination(5, TimeUnit.SECONDS);
          progress.say("stopping: the operator, the workload, then Prometheus and the cluster");
        });

    if (options.duration().isPresent()) {
      long end = Math.round((loopStart + options.duration().get().toSeconds()) * 1000);
      long now = Math.round(progress.seconds() * 1000);
      Thread.sleep(Math.max(0, end - now));
      progress.say("--duration " + options.duration().get().toSeconds() + " s reached");
    } else {
      new CountDownLatch(1).await(); // until Ctrl-C
    }
  }

  /** E.g. "PerformancePolicy web on Deployment web: Enforce, every 5s, 2..10 replicas". */
  static String describe(PerformancePolicy policy) {
    var spec = policy.getSpec();
    StringBuilder text =
        new StringBuilder("PerformancePolicy ")
            .append(policy.getMetadata().getName())
            .append(" on Deployment ")
            .append(spec.targetRef().name())
            .append(": ")
            .append(spec.mode())
            .append(", every ")
            .append(spec.evaluationInterval());
    if (spec.scaling() != null) {
      text.append(", ")
          .append(spec.scaling().minReplicas())
          .append("..")
          .append(spec.scaling().maxReplicas())
          .append(" replicas");
      scaleDownWindowSeconds(policy)
          .ifPresent(s -> text.append(", scale-down window ").append(s).append(" s"));
    }
    return text.toString();
  }

  static Optional<Integer> scaleDownWindowSeconds(PerformancePolicy policy) {
    return Optional.ofNullable(policy.getSpec().scaling())
        .map(s -> s.behavior())
        .map(b -> b.scaleDown())
        .map(r -> r.stabilizationWindowSeconds());
  }

  /** Fake pods: the Deployment's Ready pods are served by the simulator's queueing model. */
  private Service simulatedService(Cluster cluster) throws IOException {
    client.resource(deployment()).create();
    progress.say(
        "created Deployment "
            + TARGET
            + " ("
            + BASE_REPLICAS
            + " replicas of 1 CPU and "
            + MEMORY
            + "; a pod serves at most 50 req/s)");
    LiveWorkload live =
        LiveWorkload.start(
            client, new LiveWorkload.Spec(NAMESPACE, TARGET, "app", SERVICE, BASE_RPS));
    Processes.onExit("demo workload", live);
    cluster
        .fakeNodes()
        .ifPresent(
            agent -> {
              Processes.onExit(
                  "demo memory model", agent.useMemoryModel(NAMESPACE, live.memoryModel()));
              Processes.onExit("demo CPU model", agent.useCpuModel(NAMESPACE, live.cpuModel()));
            });
    MetricsEndpoint endpoint = MetricsEndpoint.serve(live::exposition);
    Processes.onExit("demo metrics endpoint", endpoint);
    progress.say("starting Prometheus");
    PrometheusServer prometheus = PrometheusServer.shared();
    ScrapeTarget scrape = prometheus.scrape(NAMESPACE + "-" + TARGET, endpoint.uri());
    Processes.onExit("demo scrape target", scrape);
    progress.say(
        "Prometheus "
            + prometheus.baseUrl()
            + " scrapes the simulated service at "
            + endpoint.uri()
            + "; offering "
            + Math.round(BASE_RPS)
            + " req/s");
    OfferedLoad load =
        new OfferedLoad() {
          @Override
          public double offeredRps() {
            return live.offeredRps();
          }

          @Override
          public void offer(double rps) {
            live.offer(rps);
          }
        };
    return new Service(load, prometheus, BASE_RPS, STEP_RPS);
  }

  /**
   * Real pods: a process-backed node runs the sample service in cgroups, Prometheus discovers the
   * pods and the node's kubelet endpoint through the apiserver, and the open-loop generator sends
   * {@code GET /work} to the Service's Ready endpoints.
   */
  private Service realService(LocalControlPlane plane) {
    Cgroups cgroups = Cgroups.require();
    progress.say(
        "starting a process-backed node (pods as real processes, cgroup "
            + cgroups.version()
            + ")");
    FakeNodeAgent agent =
        FakeNodeAgent.startWithProcesses(
            client,
            FakeNodeAgent.Options.defaults().withNodes(NAMESPACE + "-node", 1),
            cgroups,
            TestRun.subdir("demo-node-logs"));
    Processes.onExit("demo process node", agent);
    Certificates pki = plane.certificates();
    agent.serveResourceMetrics(
        new KubeletEndpoint.Tls(pki.kubeletCert(), pki.kubeletKey(), pki.caCert()));
    client
        .resource(
            SampleServiceDeployment.of(
                NAMESPACE,
                TARGET,
                BASE_REPLICAS,
                REAL_POD,
                REAL_POD,
                REAL_SERVICE,
                SampleServiceDeployment.SCRAPED))
        .create();
    client.resource(SampleServiceDeployment.service(NAMESPACE, TARGET)).create();
    progress.say(
        "created Deployment "
            + TARGET
            + " ("
            + BASE_REPLICAS
            + " replicas of the sample service, 200m and 256Mi; 10 ms of CPU per request,"
            + " so a pod serves at most 20 req/s) and its Service");
    progress.say("starting Prometheus (kubernetes_sd_configs: pods and the node's kubelet)");
    PrometheusServer prometheus =
        PrometheusServer.startDiscovering(
            NAMESPACE,
            new PrometheusServer.KubernetesDiscovery(
                URI.create(client.getMasterUrl().toString()),
                pki.caCert(),
                pki.adminCert(),
                pki.adminKey()));
    Processes.onExit("demo Prometheus", prometheus::stop);
    SettableRate rate = new SettableRate(REAL_BASE_RPS);
    OpenLoopLoad load =
        OpenLoopLoad.start(client, NAMESPACE, TARGET, SampleServiceDeployment.PORT, "/work", rate);
    Processes.onExit("demo load generator", load);
    progress.say(
        "Prometheus "
            + prometheus.baseUrl()
            + "; the generator offers "
            + Math.round(REAL_BASE_RPS)
            + " req/s to the Service's Ready endpoints");
    return new Service(rate, prometheus, REAL_BASE_RPS, REAL_STEP_RPS);
  }

  /** A rate the demo sets and the generator follows. */
  private static final class SettableRate implements LoadTrace, OfferedLoad {
    private volatile double rps;

    SettableRate(double rps) {
      this.rps = rps;
    }

    @Override
    public double rpsAt(double second) {
      return rps;
    }

    @Override
    public List<Integer> loadChanges(int durationSeconds) {
      return List.of();
    }

    @Override
    public String describe() {
      return "set by the demo, now " + rps + " req/s";
    }

    @Override
    public double offeredRps() {
      return rps;
    }

    @Override
    public void offer(double rps) {
      this.rps = rps;
    }
  }

  private void freshNamespace() {
    if (client.namespaces().withName(NAMESPACE).get() != null) {
      progress.say("deleting namespace " + NAMESPACE + " left by an earlier run");
      client.namespaces().withName(NAMESPACE).delete();
      Poll.until(
          SETUP_TIMEOUT,
          "namespace " + NAMESPACE + " to be gone",
          () -> client.namespaces().withName(NAMESPACE).get() == null);
    }
    client
        .namespaces()
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName(NAMESPACE)
                .addToLabels("app.kubernetes.io/part-of", "headroom-demo")
                .endMetadata()
                .build())
        .create();
  }

  private Deployment deployment() {
    Map<String, String> amounts = Map.of("cpu", "1", "memory", MEMORY);
    return TestObjects.deployment(NAMESPACE, TARGET, BASE_REPLICAS, amounts, amounts, Map.of());
  }

  private void awaitScraped(PrometheusServer prometheus) {
    String query =
        "sum(http_server_requests_seconds_count{namespace=\""
            + NAMESPACE
            + "\",pod=~\""
            + TARGET
            + "-.*\",status=\"200\"}) > 0";
    Poll.value(
        SETUP_TIMEOUT,
        "Prometheus to have " + TARGET + "'s requests",
        () -> prometheus.query(query).stream().findFirst());
    Deployment deployment =
        client.apps().deployments().inNamespace(NAMESPACE).withName(TARGET).get();
    progress.say(
        "Prometheus has "
            + TARGET
            + "'s requests; "
            + Optional.ofNullable(deployment.getStatus().getReadyReplicas()).orElse(0)
            + "/"
            + deployment.getSpec().getReplicas()
            + " pods ready");
  }

  private String lastTickError;

  private void tick(Scenario scenario) {
    try {
      Deployment deployment =
          client.apps().deployments().inNamespace(NAMESPACE).withName(TARGET).get();
      Optional<PerformancePolicy> policy =
          Optional.ofNullable(
              client
                  .resources(PerformancePolicy.class)
                  .inNamespace(NAMESPACE)
                  .withName(POLICY_NAME)
                  .get());
      Progress.Snapshot now = Progress.Snapshot.of(workload.offeredRps(), deployment, policy);
      progress.show(now);
      progress.showEvents(
          client.v1().events().inNamespace(NAMESPACE).list().getItems(), EVENT_OBJECTS);
      scenario.advance(now, progress.seconds());
      lastTickError = null;
    } catch (RuntimeException e) {
      String message = Progress.shorten(e.toString(), Progress.EVENT_CHARS);
      if (!message.equals(lastTickError)) {
        progress.say("(could not read the cluster: " + message + ")");
        lastTickError = message;
      }
    }
  }

  /** The load: the base, a step once the budget is met, and back once the step is absorbed. */
  private final class Scenario {
    private enum Phase {
      BASELINE,
      STEPPED,
      DROPPED,
      TOLD
    }

    private final double loopStart;
    private final Optional<Integer> scaleDownWindow;
    private final double baseRps;
    private final double stepRps;
    private Phase phase = Phase.BASELINE;
    private double metSince = Double.NaN;
    private double stepAt;
    private double dropAt;
    private int peak;

    Scenario(double loopStart, Optional<Integer> scaleDownWindow, double baseRps, double stepRps) {
      this.loopStart = loopStart;
      this.scaleDownWindow = scaleDownWindow;
      this.baseRps = baseRps;
      this.stepRps = stepRps;
    }

    void advance(Progress.Snapshot now, double at) {
      switch (phase) {
        case BASELINE -> {
          boolean met = "True".equals(now.metricsAvailable()) && "True".equals(now.budgetsMet());
          if (!met) {
            metSince = Double.NaN;
          } else if (Double.isNaN(metSince)) {
            metSince = at;
          }
          long hold = options.baseline().toSeconds();
          if (met && at - metSince >= hold) {
            step(
                at,
                String.format(
                    Locale.ROOT,
                    "the budget met with metrics for %d s, at %d replicas",
                    hold,
                    now.replicas()));
          } else if (at - loopStart >= hold + BASELINE_GRACE.toSeconds()) {
            step(
                at,
                "the budget not met for "
                    + hold
                    + " s in a row within "
                    + (hold + BASELINE_GRACE.toSeconds())
                    + " s");
          }
        }
        case STEPPED -> {
          // Metrics first: on real pods the scrape fails while they are overloaded, and the
          // operator then has no violation to report, which is not a recovery.
          boolean absorbed =
              "True".equals(now.metricsAvailable())
                  && now.replicas() > BASE_REPLICAS
                  && now.ready() == now.replicas()
                  && now.violations().isEmpty()
                  && "True".equals(now.budgetsMet());
          if (absorbed || at - stepAt >= RECOVERY_WAIT.toSeconds()) {
            offer(
                baseRps,
                absorbed
                    ? String.format(
                        Locale.ROOT,
                        "violations cleared at %d/%d ready, %.0f s after the step",
                        now.ready(),
                        now.replicas(),
                        at - stepAt)
                    : "no recovery within " + RECOVERY_WAIT.toSeconds() + " s");
            dropAt = at;
            peak = now.replicas();
            phase = Phase.DROPPED;
          }
        }
        case DROPPED -> {
          if (now.replicas() < peak) {
            progress.say(
                String.format(
                    Locale.ROOT,
                    ">>> scaled down %d -> %d, %.0f s after the drop%s",
                    peak,
                    now.replicas(),
                    at - dropAt,
                    scaleDownWindow.map(w -> " (scale-down window " + w + " s)").orElse("")));
            progress.say(
                options.duration().isPresent()
                    ? "that is the whole story; it runs on until --duration"
                    : "that is the whole story; it runs on until Ctrl-C");
            phase = Phase.TOLD;
          }
        }
        case TOLD -> {}
      }
    }

    private void step(double at, String why) {
      offer(stepRps, why);
      stepAt = at;
      phase = Phase.STEPPED;
    }

    private void offer(double rps, String why) {
      progress.say(
          String.format(
              Locale.ROOT, ">>> load %.0f -> %.0f req/s (%s)", workload.offeredRps(), rps, why));
      workload.offer(rps);
    }
  }
}
