package dev.headroom.runtime;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How the operator process is configured (flags or environment).
 *
 * @param prometheus the Prometheus every policy without its own uses
 * @param namespaces the namespaces to watch; empty means all
 * @param httpPort the port of /healthz, /readyz and /metrics
 * @param leaderElection how replicas elect the one that acts; empty for a single replica, which
 *     acts at once
 * @param shutdownGrace how long a stop waits for reconciliations in flight to finish
 * @param evaluation operator-wide evaluation settings
 */
public record OperatorConfig(
    DefaultPrometheus prometheus,
    Set<String> namespaces,
    int httpPort,
    Optional<LeaderElection> leaderElection,
    Duration shutdownGrace,
    EvaluationSettings evaluation) {
  public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(10);

  public OperatorConfig {
    namespaces = Set.copyOf(namespaces);
    Objects.requireNonNull(leaderElection, "leaderElection");
    Objects.requireNonNull(evaluation, "evaluation");
    URI prometheusUrl = prometheus.url();
    if (shutdownGrace.isNegative()) {
      throw new IllegalArgumentException("the shutdown grace must not be negative");
    }
    if (httpPort < 0 || httpPort > 65535) {
      throw new IllegalArgumentException("port out of range: " + httpPort);
    }
    String scheme = prometheusUrl.getScheme();
    if (!"http".equals(scheme) && !"https".equals(scheme)) {
      throw new IllegalArgumentException(
          "the Prometheus URL must be http:// or https://, got " + prometheusUrl);
    }
    if (prometheusUrl.getUserInfo() != null) {
      throw new IllegalArgumentException(
          "the Prometheus URL must not carry credentials; use a Secret reference instead");
    }
  }

  /** A single replica without leader election, stopping with the default grace. */
  public OperatorConfig(URI prometheusUrl, Set<String> namespaces, int httpPort) {
    this(
        DefaultPrometheus.of(prometheusUrl),
        namespaces,
        httpPort,
        Optional.empty(),
        DEFAULT_SHUTDOWN_GRACE,
        EvaluationSettings.DEFAULTS);
  }

  public URI prometheusUrl() {
    return prometheus.url();
  }

  public OperatorConfig withLeaderElection(LeaderElection election) {
    return new OperatorConfig(
        prometheus, namespaces, httpPort, Optional.of(election), shutdownGrace, evaluation);
  }

  public boolean watchesAllNamespaces() {
    return namespaces.isEmpty();
  }
}
