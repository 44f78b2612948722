package dev.headroom.testing.cluster;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Path;

/**
 * Fabric8 clients for the test servers. They start from {@link Config#empty()}, so nothing on the
 * developer's machine (~/.kube/config, KUBECONFIG, a service account) leaks into a test.
 */
final class ClientConfigs {
  private ClientConfigs() {}

  static KubernetesClient clientCertificate(String url, Path ca, Path cert, Path key) {
    return build(base(url).withCaCertFile(ca.toString()), cert, key);
  }

  /**
   * For a server whose serving certificate is self-signed at start-up (the CRD-only server's {@code
   * --cert-dir}); it listens on loopback only, so trusting it is safe.
   */
  static KubernetesClient trustingServer(String url, Path cert, Path key) {
    return build(base(url).withTrustCerts(true).withDisableHostnameVerification(true), cert, key);
  }

  private static ConfigBuilder base(String url) {
    return new ConfigBuilder(Config.empty())
        .withMasterUrl(url)
        .withConnectionTimeout(10_000)
        .withRequestTimeout(60_000);
  }

  private static KubernetesClient build(ConfigBuilder config, Path cert, Path key) {
    return new KubernetesClientBuilder()
        .withConfig(
            config.withClientCertFile(cert.toString()).withClientKeyFile(key.toString()).build())
        .build();
  }
}
