package dev.headroom.runtime;

import dev.headroom.reconciler.Shard;
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
 * @param shard the policies this process evaluates: all of them, or one shard's when they are split
 *     across several operator Deployments
 */
public record OperatorConfig(
    DefaultPrometheus prometheus,
    Set<String> namespaces,
    int httpPort,
    Optional<LeaderElection> leaderElection,
    Duration shutdownGrace,
    EvaluationSettings evaluation,
    Shard shard) {
  public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(10);

  public OperatorConfig {
    namespaces = Set.copyOf(namespaces);
    Objects.requireNonNull(leaderElection, "leaderElection");
    Objects.requireNonNull(evaluation, "evaluation");
    Objects.requireNonNull(shard, "shard");
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
        EvaluationSettings.DEFAULTS,
        Shard.ALL);
  }

  public URI prometheusUrl() {
    return prometheus.url();
  }

  public OperatorConfig withLeaderElection(LeaderElection election) {
    return new OperatorConfig(
        prometheus, namespaces, httpPort, Optional.of(election), shutdownGrace, evaluation, shard);
  }

  /** This configuration for one shard of the policies. */
  public OperatorConfig withShard(Shard shard) {
    return new OperatorConfig(
        prometheus, namespaces, httpPort, leaderElection, shutdownGrace, evaluation, shard);
  }

  /**
   * The election this process takes part in: the configured one, on the shard's own Lease when the
   * policies are split ({@link LeaderElection#forShard}), so each shard elects its acting replica
   * apart from the others.
   */
  public Optional<LeaderElection> election() {
    return leaderElection.map(e -> e.forShard(shard));
  }

  public boolean watchesAllNamespaces() {
    return namespaces.isEmpty();
  }
}
