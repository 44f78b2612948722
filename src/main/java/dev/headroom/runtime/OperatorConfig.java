package dev.headroom.runtime;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How the operator process is configured (flags or environment).
 *
 * @param prometheusUrl the Prometheus every policy without its own uses
 * @param namespaces the namespaces to watch; empty means all
 * @param httpPort the port of /healthz, /readyz and /metrics
 * @param leaderElection how replicas elect the one that acts; empty for a single replica, which
 *     acts at once
 * @param shutdownGrace how long a stop waits for reconciliations in flight to finish
 */
public record OperatorConfig(
    URI prometheusUrl,
    Set<String> namespaces,
    int httpPort,
    Optional<LeaderElection> leaderElection,
    Duration shutdownGrace) {
  public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(10);

  public OperatorConfig {
    namespaces = Set.copyOf(namespaces);
    Objects.requireNonNull(leaderElection, "leaderElection");
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
    this(prometheusUrl, namespaces, httpPort, Optional.empty(), DEFAULT_SHUTDOWN_GRACE);
  }

  public OperatorConfig withLeaderElection(LeaderElection election) {
    return new OperatorConfig(
        prometheusUrl, namespaces, httpPort, Optional.of(election), shutdownGrace);
  }

  public boolean watchesAllNamespaces() {
    return namespaces.isEmpty();
  }
}
