package dev.headroom.demo;

import dev.headroom.api.v1alpha1.PerformancePolicy;
import dev.headroom.runtime.HeadroomOperator;
import dev.headroom.runtime.OperatorConfig;
import dev.headroom.sim.model.ServiceParameters;
import dev.headroom.testing.cluster.Cluster;
import dev.headroom.testing.cluster.CrdInstaller;
import dev.headroom.testing.cluster.LocalControlPlane;
import dev.headroom.testing.cluster.SharedCluster;
import dev.headroom.testing.env.Poll;
import dev.headroom.testing.env.Processes;
import dev.headroom.testing.env.TestRun;
import dev.headroom.testing.fixtures.TestObjects;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
 * local control plane with fake nodes, here), the shared Prometheus, a Deployment {@code web} of 2
 * replicas whose Ready pods a {@link LiveWorkload} serves at 40 req/s, and the operator in-process;
 * applies {@code examples/demo/web-policy.yaml}; once the budget has been met for a window (30 s,
 * {@code --baseline}; or a minute later regardless) steps the load to 150 req/s, and once the
 * violations clear at the new size (or after 4 minutes) drops it back to 40. It prints the loop's
 * state and Events as they change until Ctrl-C, or until {@code --duration} seconds after the
 * policy was applied.
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

  /**
   * Room for a full backlog: the service sheds what would wait past its 5 s timeout, so a pod holds
   * at most 100 MiB + 250 requests of 1 MiB. The step then shows the latency loop, not OOM kills
   * (with 256Mi the overloaded pods are OOM-killed within seconds of the step).
   */
  static final String MEMORY = "512Mi";

  /** 40 req/s on 2 pods of 50 req/s each: p95 about 100 ms, within the 200 ms budget. */
  static final double BASE_RPS = 40;

  /** 150 req/s: 2 pods are overloaded; p95 under 200 ms needs about 5. */
  static final double STEP_RPS = 150;

  /**
   * How long the budget must be met, with metrics, before the step (--baseline): one window, so the
   * operator has seen the service at its base load before it sees it overloaded. (The first
   * evaluation may say BudgetsMet=True with MetricsAvailable=False: there is no data yet.)
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
      usage: scripts/demo.sh [--duration N] [--baseline N]

        Runs Headroom's real loop on this machine: a local Kubernetes control plane with fake
        nodes, Prometheus, a simulated service and the operator; applies
        examples/demo/web-policy.yaml, steps the load 40 -> 150 -> 40 req/s and prints the
        policy's status and Events as they change. Ctrl-C stops everything.

        --duration N   stop by itself N seconds after the policy is applied (for smoke runs)
        --baseline N   step the load once the budget has been met for N s (default 30)
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
   */
  record Options(Optional<Duration> duration, Duration baseline, boolean help) {
    static Options parse(String... args) {
      Optional<Duration> duration = Optional.empty();
      Duration baseline = BASELINE_HOLD;
      boolean help = false;
      for (int i = 0; i < args.length; i++) {
        String arg = args[i];
        if (arg.equals("-h") || arg.equals("--help")) {
          help = true;
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
      return new Options(duration, baseline, help);
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
  private LiveWorkload workload;

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
    client.resource(deployment()).create();
    progress.say(
        "created Deployment "
            + TARGET
            + " ("
            + BASE_REPLICAS
            + " replicas of 1 CPU and "
            + MEMORY
            + "; a pod serves at most 50 req/s)");

    workload =
        LiveWorkload.start(
            client, new LiveWorkload.Spec(NAMESPACE, TARGET, "app", SERVICE, BASE_RPS));
    Processes.onExit("demo workload", workload);
    cluster
        .fakeNodes()
        .ifPresent(
            agent -> {
              Processes.onExit(
                  "demo memory model", agent.useMemoryModel(NAMESPACE, workload.memoryModel()));
              Processes.onExit("demo CPU model", agent.useCpuModel(NAMESPACE, workload.cpuModel()));
            });
    MetricsEndpoint endpoint = MetricsEndpoint.serve(workload::exposition);
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
    awaitScraped(prometheus);

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
    Scenario scenario = new Scenario(loopStart, scaleDownWindowSeconds(policy));
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
    private Phase phase = Phase.BASELINE;
    private double metSince = Double.NaN;
    private double stepAt;
    private double dropAt;
    private int peak;

    Scenario(double loopStart, Optional<Integer> scaleDownWindow) {
      this.loopStart = loopStart;
      this.scaleDownWindow = scaleDownWindow;
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
          boolean absorbed =
              now.replicas() > BASE_REPLICAS
                  && now.ready() == now.replicas()
                  && now.violations().isEmpty()
                  && "True".equals(now.budgetsMet());
          if (absorbed || at - stepAt >= RECOVERY_WAIT.toSeconds()) {
            offer(
                BASE_RPS,
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
      offer(STEP_RPS, why);
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
