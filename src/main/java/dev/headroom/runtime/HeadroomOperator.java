package dev.headroom.runtime;

import dev.headroom.reconciler.EventRecorder;
import dev.headroom.reconciler.MetricsSource;
import dev.headroom.reconciler.PerformancePolicyReconciler;
import dev.headroom.reconciler.PrometheusMetricsSource;
import dev.headroom.reconciler.ReconcileMetrics;
import dev.headroom.signals.SignalReader;
import dev.headroom.signals.SignalSettings;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The operator process: the Java Operator SDK runtime, the reconciler and the HTTP endpoints. */
public final class HeadroomOperator implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HeadroomOperator.class);

  private final Operator operator;
  private final OperatorHttpServer http;
  private final MetricsSource metricsSource;

  private HeadroomOperator(
      Operator operator, OperatorHttpServer http, MetricsSource metricsSource) {
    this.operator = operator;
    this.http = http;
    this.metricsSource = metricsSource;
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
                new SignalReader(SignalSettings.defaults(), registry),
                client,
                config.prometheusUrl()));
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
    var reconciler =
        new PerformancePolicyReconciler(
            Clock.systemUTC(),
            new EventRecorder(client, Clock.systemUTC()),
            new ReconcileMetrics(registry),
            metricsSource);

    Operator operator =
        new Operator(
            overrider ->
                overrider
                    .withKubernetesClient(client)
                    .withCloseClientOnStop(false)
                    .withStopOnInformerErrorDuringStartup(true));
    operator.register(
        reconciler,
        controller -> {
          if (!config.watchesAllNamespaces()) {
            controller.settingNamespaces(config.namespaces());
          }
        });
    OperatorHttpServer http =
        OperatorHttpServer.start(
            config.httpPort(),
            registry,
            () -> operator.getRuntimeInfo().allEventSourcesAreHealthy(),
            () ->
                operator.getRuntimeInfo().isStarted()
                    && operator.getRuntimeInfo().allEventSourcesAreHealthy());
    operator.start();
    LOG.info(
        "Headroom started: watching {}, default Prometheus {}, endpoints on port {}",
        config.watchesAllNamespaces() ? "all namespaces" : config.namespaces(),
        config.prometheusUrl(),
        http.port());
    return new HeadroomOperator(operator, http, metricsSource);
  }

  public int httpPort() {
    return http.port();
  }

  @Override
  public void close() {
    operator.stop();
    http.close();
    if (metricsSource instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception e) {
        LOG.warn("closing the metrics source: {}", e.toString());
      }
    }
  }

  /** Stops on SIGTERM: informers close and in-flight reconciliations finish first. */
  public void stopOnShutdown() {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  LOG.info("shutting down");
                  close();
                },
                "headroom-shutdown"));
  }
}
