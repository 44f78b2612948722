package dev.headroom.runtime;

import java.net.URI;
import java.util.Set;

/**
 * How the operator process is configured (flags or environment).
 *
 * @param prometheusUrl the Prometheus every policy without its own uses
 * @param namespaces the namespaces to watch; empty means all
 * @param httpPort the port of /healthz, /readyz and /metrics
 */
public record OperatorConfig(URI prometheusUrl, Set<String> namespaces, int httpPort) {
  public OperatorConfig {
    namespaces = Set.copyOf(namespaces);
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

  public boolean watchesAllNamespaces() {
    return namespaces.isEmpty();
  }
}
