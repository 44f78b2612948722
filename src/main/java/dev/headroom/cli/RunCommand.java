package dev.headroom.cli;

import dev.headroom.api.v1alpha1.GoDuration;
import dev.headroom.reconciler.Shard;
import dev.headroom.runtime.DefaultPrometheus;
import dev.headroom.runtime.EvaluationSettings;
import dev.headroom.runtime.HeadroomOperator;
import dev.headroom.runtime.LeaderElection;
import dev.headroom.runtime.OperatorConfig;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code headroom run}: the operator. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the operator against the current kubeconfig context, or in-cluster config inside a"
          + " pod.",
      "Every option can also be set by the environment variable named in its description."
    })
final class RunCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

  @Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--prometheus-url",
      defaultValue =
          "${env:HEADROOM_PROMETHEUS_URL:-http://prometheus-operated.monitoring.svc:9090}",
      description =
          "Default Prometheus for policies without spec.prometheus (env HEADROOM_PROMETHEUS_URL;"
              + " default ${DEFAULT-VALUE}).")
  URI prometheusUrl;

  @Option(
      names = "--namespaces",
      split = ",",
      defaultValue = "${env:HEADROOM_NAMESPACES:-}",
      description = "Comma-separated namespaces to watch; empty for all (env HEADROOM_NAMESPACES).")
  List<String> namespaces;

  @Option(
      names = "--http-port",
      defaultValue = "${env:HEADROOM_HTTP_PORT:-8080}",
      description =
          "Port of /healthz, /readyz and /metrics (env HEADROOM_HTTP_PORT; default"
              + " ${DEFAULT-VALUE}).")
  int httpPort;

  @Option(
      names = "--leader-election",
      arity = "0..1",
      fallbackValue = "true",
      defaultValue = "${env:HEADROOM_LEADER_ELECTION:-false}",
      description =
          "Elect one acting replica through a Lease; needed with more than one replica (env"
              + " HEADROOM_LEADER_ELECTION; default ${DEFAULT-VALUE}).")
  boolean leaderElection;

  @Option(
      names = "--shards",
      defaultValue = "${env:HEADROOM_SHARDS:-1}",
      description =
          "Split the policies across this many operator Deployments, each run with its own"
              + " --shard-index; with --leader-election each shard elects its acting replica on"
              + " its own Lease, <lease-name>-shard-<index> (env HEADROOM_SHARDS; default"
              + " ${DEFAULT-VALUE}: one operator for all policies).")
  int shards;

  @Option(
      names = "--shard-index",
      defaultValue = "${env:HEADROOM_SHARD_INDEX:-0}",
      description =
          "Which shard this process evaluates, from 0 to --shards minus 1: the policies whose"
              + " stable hash of namespace/name falls in it (env HEADROOM_SHARD_INDEX; default"
              + " ${DEFAULT-VALUE}).")
  int shardIndex;

  @Option(
      names = "--lease-name",
      defaultValue = "${env:HEADROOM_LEASE_NAME:-" + LeaderElection.DEFAULT_LEASE_NAME + "}",
      description = "The Lease's name (env HEADROOM_LEASE_NAME; default ${DEFAULT-VALUE}).")
  String leaseName;

  @Option(
      names = "--lease-namespace",
      defaultValue = "${env:HEADROOM_LEASE_NAMESPACE:-}",
      description =
          "The Lease's namespace, required with --leader-election; in a pod, its own namespace"
              + " from the downward API (env HEADROOM_LEASE_NAMESPACE).")
  String leaseNamespace;

  @Option(
      names = "--identity",
      defaultValue = "${env:HEADROOM_POD_NAME:-}",
      description =
          "This replica's name in the Lease and in Events; in a pod, the pod's name from the"
              + " downward API (env HEADROOM_POD_NAME; default the host name and a random"
              + " suffix).")
  String identity;

  @Option(
      names = "--lease-duration",
      defaultValue = "${env:HEADROOM_LEASE_DURATION:-15s}",
      converter = DurationConverter.class,
      description =
          "How long followers wait after the leader's last renewal (env"
              + " HEADROOM_LEASE_DURATION; default ${DEFAULT-VALUE}).")
  Duration leaseDuration;

  @Option(
      names = "--renew-deadline",
      defaultValue = "${env:HEADROOM_RENEW_DEADLINE:-10s}",
      converter = DurationConverter.class,
      description =
          "How long the leader retries a renewal before it stops leading (env"
              + " HEADROOM_RENEW_DEADLINE; default ${DEFAULT-VALUE}).")
  Duration renewDeadline;

  @Option(
      names = "--retry-period",
      defaultValue = "${env:HEADROOM_RETRY_PERIOD:-2s}",
      converter = DurationConverter.class,
      description =
          "How often the leader renews and followers try to acquire (env HEADROOM_RETRY_PERIOD;"
              + " default ${DEFAULT-VALUE}).")
  Duration retryPeriod;

  @Option(
      names = "--shutdown-grace",
      defaultValue = "${env:HEADROOM_SHUTDOWN_GRACE:-10s}",
      converter = DurationConverter.class,
      description =
          "On SIGTERM, how long to wait for reconciliations in flight; keep the pod's"
              + " terminationGracePeriodSeconds above it (env HEADROOM_SHUTDOWN_GRACE; default"
              + " ${DEFAULT-VALUE}).")
  Duration shutdownGrace;

  @Option(
      names = "--prometheus-bearer-token-file",
      defaultValue = "${env:HEADROOM_PROMETHEUS_BEARER_TOKEN_FILE}",
      description =
          "A file with a bearer token for the default Prometheus, read at each evaluation (env"
              + " HEADROOM_PROMETHEUS_BEARER_TOKEN_FILE).")
  Path bearerTokenFile;

  @Option(
      names = "--prometheus-username-file",
      defaultValue = "${env:HEADROOM_PROMETHEUS_USERNAME_FILE}",
      description =
          "A file with the basic-auth user name for the default Prometheus (env"
              + " HEADROOM_PROMETHEUS_USERNAME_FILE).")
  Path usernameFile;

  @Option(
      names = "--prometheus-password-file",
      defaultValue = "${env:HEADROOM_PROMETHEUS_PASSWORD_FILE}",
      description =
          "A file with the basic-auth password for the default Prometheus (env"
              + " HEADROOM_PROMETHEUS_PASSWORD_FILE).")
  Path passwordFile;

  @Option(
      names = "--prometheus-ca-file",
      defaultValue = "${env:HEADROOM_PROMETHEUS_CA_FILE}",
      description =
          "A PEM CA bundle to verify the default Prometheus with, instead of the JRE's CAs (env"
              + " HEADROOM_PROMETHEUS_CA_FILE).")
  Path caFile;

  @Option(
      names = "--prometheus-headers",
      defaultValue = "${env:HEADROOM_PROMETHEUS_HEADERS:-}",
      description =
          "Extra headers for the default Prometheus as a JSON object, e.g."
              + " {\"X-Scope-OrgID\":\"team-a\"} (env HEADROOM_PROMETHEUS_HEADERS).")
  String headers;

  @Option(
      names = "--min-evaluation-interval",
      defaultValue = "${env:HEADROOM_MIN_EVALUATION_INTERVAL:-5s}",
      converter = DurationConverter.class,
      description =
          "The shortest interval between a policy's scheduled evaluations, whatever it asks;"
              + " spec changes and OOM kills still trigger one at once (env"
              + " HEADROOM_MIN_EVALUATION_INTERVAL; default ${DEFAULT-VALUE}).")
  Duration minEvaluationInterval;

  @Option(
      names = "--query-timeout",
      defaultValue = "${env:HEADROOM_QUERY_TIMEOUT:-10s}",
      converter = DurationConverter.class,
      description =
          "The longest one Prometheus query may take (env HEADROOM_QUERY_TIMEOUT; default"
              + " ${DEFAULT-VALUE}).")
  Duration queryTimeout;

  @Option(
      names = "--scrape-interval",
      defaultValue = "${env:HEADROOM_SCRAPE_INTERVAL:-30s}",
      converter = DurationConverter.class,
      description =
          "Prometheus' scrape interval; samples older than two are stale (env"
              + " HEADROOM_SCRAPE_INTERVAL; default ${DEFAULT-VALUE}).")
  Duration scrapeInterval;

  @Override
  public Integer call() throws Exception {
    OperatorConfig config = config();
    // Handled here rather than left to the JVM, whose SIGTERM exit status is 143 and whose
    // shutdown hooks run concurrently with the operator's threads: a stop asked for is a clean
    // exit, and the main thread does it in order.
    CountDownLatch stop = new CountDownLatch(1);
    Signals.onTermination(stop::countDown);
    var client = client();
    HeadroomOperator operator = HeadroomOperator.start(config, client);
    // For exits that are no signal: losing the Lease (System.exit) stops it through this.
    Runtime.getRuntime().addShutdownHook(new Thread(operator::close, "headroom-shutdown"));
    stop.await();
    LOG.info("stopping: waiting up to {} for reconciliations in flight", config.shutdownGrace());
    operator.close();
    client.close();
    LOG.info("stopped");
    return 0;
  }

  /**
   * The client's retries of a failed request: fabric8's default is 10 over about 20 s, which holds
   * an evaluation (and a decision made before it) through most of an apiserver outage, to apply it
   * 20 s stale. Three (0.7 s) ride out a blip; a longer outage surfaces, and evaluations wait for
   * the apiserver instead (see the reconciler). {@code KUBERNETES_REQUEST_RETRY_BACKOFFLIMIT} still
   * decides when set.
   */
  static final int REQUEST_RETRIES = 3;

  /**
   * The first wait before a broken watch is opened again, doubling per failed attempt up to 32
   * times this: fabric8's 1 s default lets the wait grow to 32 s during an outage, so the informers
   * (and readiness) came back up to 32 s after the apiserver did; at 250 ms the longest wait is 8
   * s. {@code KUBERNETES_WATCH_RECONNECTINTERVAL} still decides when set.
   */
  static final int WATCH_RECONNECT_MILLIS = 250;

  static KubernetesClient client() {
    Config config = Config.autoConfigure(null);
    if (unset("KUBERNETES_REQUEST_RETRY_BACKOFFLIMIT", "kubernetes.request.retry.backoffLimit")) {
      config.setRequestRetryBackoffLimit(REQUEST_RETRIES);
    }
    if (unset("KUBERNETES_WATCH_RECONNECTINTERVAL", "kubernetes.watch.reconnectInterval")) {
      config.setWatchReconnectInterval(WATCH_RECONNECT_MILLIS);
    }
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  private static boolean unset(String environment, String systemProperty) {
    return System.getenv(environment) == null && System.getProperty(systemProperty) == null;
  }

  OperatorConfig config() {
    OperatorConfig config;
    try {
      config =
          new OperatorConfig(
              new DefaultPrometheus(
                  prometheusUrl,
                  Optional.ofNullable(bearerTokenFile),
                  Optional.ofNullable(usernameFile),
                  Optional.ofNullable(passwordFile),
                  Optional.ofNullable(caFile),
                  DefaultPrometheus.parseHeaders(headers)),
              namespaceSet(),
              httpPort,
              Optional.empty(),
              shutdownGrace,
              new EvaluationSettings(minEvaluationInterval, queryTimeout, scrapeInterval),
              new Shard(shardIndex, shards));
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    if (!leaderElection) {
      return config;
    }
    if (leaseNamespace == null || leaseNamespace.isBlank()) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "--leader-election needs the Lease's namespace: set --lease-namespace or"
              + " HEADROOM_LEASE_NAMESPACE (the Helm chart sets it to the pod's namespace)");
    }
    try {
      return config.withLeaderElection(
          new LeaderElection(
              leaseName,
              leaseNamespace.trim(),
              identity == null || identity.isBlank()
                  ? LeaderElection.defaultIdentity()
                  : identity.trim(),
              leaseDuration,
              renewDeadline,
              retryPeriod,
              true));
    } catch (IllegalArgumentException e) {
      // Durations that contradict each other are a usage error, not a crash.
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  Set<String> namespaceSet() {
    return namespaces == null
        ? Set.of()
        : namespaces.stream()
            .flatMap(n -> Arrays.stream(n.split(",")))
            .map(String::trim)
            .filter(n -> !n.isEmpty())
            .collect(Collectors.toUnmodifiableSet());
  }

  /** Go-style durations ("15s", "1m30s"), as in the policy's own fields. */
  static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      return GoDuration.parse(value);
    }
  }
}
