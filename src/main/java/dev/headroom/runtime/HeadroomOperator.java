package dev.headroom.runtime;

import dev.headroom.reconciler.EventRecorder;
import dev.headroom.reconciler.MetricsSource;
import dev.headroom.reconciler.PerformancePolicyReconciler;
import dev.headroom.reconciler.PrometheusMetricsSource;
import dev.headroom.reconciler.ReconcileMetrics;
import dev.headroom.signals.SignalReader;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The operator process: the Java Operator SDK runtime, the reconciler and the HTTP endpoints. */
public final class HeadroomOperator implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HeadroomOperator.class);

  private final Operator operator;
  private final OperatorHttpServer http;
  private final MetricsSource metricsSource;
  private final PerformancePolicyReconciler reconciler;
  private final KubernetesClient client;
  private final Optional<LeaderElection> election;
  private final Leadership leadership;
  private final Optional<LeaseHistory> leaseHistory;
  private volatile Instant stoppedActingAt;
  private final AtomicBoolean closed = new AtomicBoolean();
  private boolean operatorStopped;

  private HeadroomOperator(
      Operator operator,
      OperatorHttpServer http,
      MetricsSource metricsSource,
      PerformancePolicyReconciler reconciler,
      KubernetesClient client,
      Optional<LeaderElection> election,
      Leadership leadership,
      Optional<LeaseHistory> leaseHistory) {
    this.leaseHistory = leaseHistory;
    this.operator = operator;
    this.http = http;
    this.metricsSource = metricsSource;
    this.reconciler = reconciler;
    this.client = client;
    this.election = election;
    this.leadership = leadership;
  }

  /**
   * Starts the operator with the given client, reading each policy's metrics from its Prometheus
   * (or the configured default); returns once informers are synced.
   */
  public static HeadroomOperator start(OperatorConfig config, KubernetesClient client)
      throws IOException {
    return start(
        config,
        client,
        registry ->
            new PrometheusMetricsSource(
                new SignalReader(config.evaluation().signalSettings(), registry),
                client,
                config.prometheus()::endpoint));
  }

  /**
   * Starts the operator with the given client and source of metrics; returns once informers are
   * synced.
   */
  public static HeadroomOperator start(
      OperatorConfig config, KubernetesClient client, MetricsSource metricsSource)
      throws IOException {
    return start(config, client, registry -> metricsSource);
  }

  private static HeadroomOperator start(
      OperatorConfig config,
      KubernetesClient client,
      java.util.function.Function<PrometheusRegistry, MetricsSource> metricsSources)
      throws IOException {
    // Collectors are registered here, not in the Operator's configuration lambda, which the SDK
    // applies more than once.
    PrometheusRegistry registry = new PrometheusRegistry();
    JvmMetrics.builder().register(registry);
    MetricsSource metricsSource = metricsSources.apply(registry);
    Optional<LeaseHistory> leaseHistory = config.election().map(e -> new LeaseHistory(client, e));
    Leadership leadership = new Leadership(config.election(), leaseHistory);
    GaugeWithCallback.builder()
        .name("headroom_leader")
        .help("1 when this replica acts: it holds the Lease, or runs without leader election.")
        .callback(
            callback -> callback.call(config.election().isEmpty() || leadership.leading() ? 1 : 0))
        .register(registry);
    var reconciler =
        new PerformancePolicyReconciler(
            Clock.systemUTC(),
            new EventRecorder(
                client, Clock.systemUTC(), config.election().map(LeaderElection::identity)),
            new ReconcileMetrics(registry),
            metricsSource,
            config.evaluation().minInterval(),
            config.shard());
    reconciler.takesOverFrom(() -> leaseHistory.flatMap(LeaseHistory::unattendedSince));
    ApiserverProbe apiserver = new ApiserverProbe(client);
    reconciler.probesApiserverWith(apiserver);
    reconciler.watchForStalls();
    Info.builder()
        .name("headroom_shard_info")
        .help(
            "The policies this process evaluates: shard index of count (0 of 1 when they are not"
                + " split).")
        .labelNames("index", "count")
        .register(registry)
        .setLabelValues(
            String.valueOf(config.shard().index()), String.valueOf(config.shard().count()));

    Operator operator =
        new Operator(
            overrider -> {
              overrider
                  .withKubernetesClient(client)
                  .withCloseClientOnStop(false)
                  .withStopOnInformerErrorDuringStartup(true)
                  // The SDK's default is zero: a stop would interrupt reconciliations mid-way,
                  // e.g. between patching the Deployment and recording it in the status.
                  .withReconciliationTerminationTimeout(config.shutdownGrace());
              config
                  .election()
                  .ifPresent(
                      election ->
                          overrider.withLeaderElectionConfiguration(
                              LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(
                                      election.leaseName())
                                  .withLeaseNamespace(election.leaseNamespace())
                                  .withIdentity(election.identity())
                                  .withLeaseDuration(election.leaseDuration())
                                  .withRenewDeadline(election.renewDeadline())
                                  .withRetryPeriod(election.retryPeriod())
                                  .withLeaderCallbacks(leadership.callbacks())
                                  // The SDK would also exit when our own stop() cancels the
                                  // election, from inside the shutdown: Leadership decides.
                                  .withExitOnStopLeading(false)
                                  .build()));
            });
    operator.register(
        reconciler,
        controller -> {
          if (!config.watchesAllNamespaces()) {
            controller.settingNamespaces(config.namespaces());
          }
          if (config.shard().isSplit()) {
            // Another shard's policies never enter this process's queue; the reconciler checks
            // again for events that reach it through the target's or its pods' informers.
            controller.withGenericFilter(reconciler::owns);
          }
        });
    // A follower is live and ready: its informers are synced and it can take over at once. Were
    // followers unready, a rolling update of two replicas (maxUnavailable rounds down to 0) would
    // wait forever for the new pod, a follower while the old leader holds the Lease.
    OperatorHttpServer http =
        OperatorHttpServer.start(
            config.httpPort(),
            registry,
            new Liveness(Clock.systemUTC(), reconciler::oldestInFlight, apiserver)::live,
            () ->
                operator.getRuntimeInfo().isStarted()
                    && operator.getRuntimeInfo().allEventSourcesAreHealthy()
                    && !reconciler.waitsForApiserver());
    leaseHistory.ifPresent(LeaseHistory::start);
    try {
      operator.start();
    } catch (RuntimeException e) {
      // e.g. the SDK's check of the Lease permissions: the port must not stay bound
      leaseHistory.ifPresent(LeaseHistory::close);
      reconciler.close();
      http.close();
      throw e;
    }
    HeadroomOperator started =
        new HeadroomOperator(
            operator,
            http,
            metricsSource,
            reconciler,
            client,
            config.election(),
            leadership,
            leaseHistory);
    leadership.onLostWithoutExit(started::stopActing);
    LOG.info(
        "Headroom started: watching {}{}, default Prometheus {}, endpoints on port {}, {}",
        config.watchesAllNamespaces() ? "all namespaces" : config.namespaces(),
        config.shard().isSplit() ? " (policies of " + config.shard() + ")" : "",
        config.prometheusUrl(),
        http.port(),
        config
            .election()
            .map(
                e ->
                    "leader election on Lease "
                        + e.leaseNamespace()
                        + "/"
                        + e.leaseName()
                        + " as "
                        + e.identity())
            .orElse("no leader election"));
    return started;
  }

  public int httpPort() {
    return http.port();
  }

  /** Whether this replica acts: always without leader election, else while it holds the Lease. */
  public boolean isLeader() {
    return election.isEmpty() || leadership.leading();
  }

  /**
   * Stops acting and waits (up to the shutdown grace) for reconciliations in flight, releases the
   * Lease if this replica holds it so a follower takes over at its next retry instead of after the
   * lease duration, and closes the HTTP endpoints last so probes answer until the end. Idempotent.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    leadership.stopping();
    stopOperator();
    reconciler.close();
    election.ifPresent(this::releaseLease);
    leaseHistory.ifPresent(LeaseHistory::close);
    if (metricsSource instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception e) {
        LOG.warn("closing the metrics source: {}", e.toString());
      }
    }
    http.close();
  }

  /**
   * The SDK (5.2.3) builds fabric8's elector with releaseOnCancel off, so a stopped leader's Lease
   * would otherwise block followers for a full lease duration. Released only after the operator has
   * stopped: a follower may act the moment it sees the Lease free. The update carries the
   * resourceVersion that was read, so it fails rather than free a Lease someone else took.
   */
  private void releaseLease(LeaderElection e) {
    try {
      Lease lease =
          client
              .resources(Lease.class)
              .inNamespace(e.leaseNamespace())
              .withName(e.leaseName())
              .get();
      if (lease == null
          || lease.getSpec() == null
          || !e.identity().equals(lease.getSpec().getHolderIdentity())) {
        return;
      }
      ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
      lease.getSpec().setHolderIdentity("");
      lease.getSpec().setLeaseDurationSeconds(1);
      lease.getSpec().setAcquireTime(now);
      // When this replica stopped taking work: the next holder evaluates at once the policies
      // whose slots passed since (LeaseHistory).
      lease
          .getSpec()
          .setRenewTime(stoppedActingAt == null ? now : stoppedActingAt.atZone(ZoneOffset.UTC));
      client.resource(lease).update();
      LOG.info("released Lease {}/{}", e.leaseNamespace(), e.leaseName());
    } catch (RuntimeException ex) {
      // Best effort: nothing here may keep close() from finishing.
      LOG.warn(
          "could not release Lease {}/{} (followers take over once it expires): {}",
          e.leaseNamespace(),
          e.leaseName(),
          ex.getMessage());
    }
  }

  /** After the Lease was lost in a test setting (no exit): act no more, keep the process. */
  private void stopActing() {
    new Thread(this::stopOperator, "headroom-lost-lease").start();
  }

  // Synchronized so that close() waits for a stop already under way before releasing the Lease.
  private synchronized void stopOperator() {
    if (!operatorStopped) {
      operatorStopped = true;
      stoppedActingAt = Instant.now();
      operator.stop();
    }
  }

  /**
   * Whether this replica leads, and what happens when it stops leading. The SDK calls onStopLeading
   * both when the Lease is lost and when its own stop cancels the election; only the first is a
   * reason to exit.
   */
  private static final class Leadership {
    private final Optional<LeaderElection> election;
    private final AtomicBoolean leading = new AtomicBoolean();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private boolean lost;
    private Runnable onLostWithoutExit;

    private final Optional<LeaseHistory> history;

    Leadership(Optional<LeaderElection> election, Optional<LeaseHistory> history) {
      this.election = election;
      this.history = history;
    }

    LeaderCallbacks callbacks() {
      return new LeaderCallbacks(this::started, this::stopped, this::newLeader);
    }

    boolean leading() {
      return leading.get();
    }

    void stopping() {
      stopping.set(true);
    }

    /** The action runs once, also if the Lease was lost before it was attached. */
    synchronized void onLostWithoutExit(Runnable action) {
      onLostWithoutExit = action;
      if (lost) {
        action.run();
      }
    }

    private void started() {
      history.ifPresent(h -> h.leading(true));
      leading.set(true);
      LOG.info("leading as {}: reconciling", identity());
    }

    private void newLeader(String identity) {
      LOG.info("the leader is {}", identity);
    }

    private void stopped() {
      boolean wasLeading = leading.getAndSet(false);
      history.ifPresent(h -> h.leading(false));
      if (stopping.get() || !wasLeading) {
        return;
      }
      if (election.map(LeaderElection::exitOnLostLease).orElse(false)) {
        LOG.error("lost the Lease as {}: exiting, to rejoin as a follower", identity());
        // Not on the elector's thread: exit runs the shutdown hook, whose stop waits for that
        // thread's executor.
        new Thread(() -> System.exit(1), "headroom-lost-lease-exit").start();
      } else {
        LOG.error("lost the Lease as {}: stopping, configured not to exit", identity());
        Runnable action;
        synchronized (this) {
          lost = true;
          action = onLostWithoutExit;
        }
        if (action != null) {
          action.run();
        }
      }
    }

    private String identity() {
      return election.map(LeaderElection::identity).orElse("");
    }
  }
}
