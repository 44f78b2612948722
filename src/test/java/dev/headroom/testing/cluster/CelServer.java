package dev.headroom.testing.cluster;

import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * The server that judges the CRD's schema and CEL rules for {@link RealCrdServer} tests: the shared
 * control plane's own kube-apiserver when it runs the current Kubernetes (1.36) — the apiserver
 * that also serves Deployments — and, on the 1.20 route (whose apiserver has no CEL), the {@link
 * CrdOnlyServer} beside it.
 *
 * @param description which server, for messages
 * @param client an admin client for it
 * @param controlPlane the control plane whose namespaces it sees
 */
public record CelServer(
    String description, KubernetesClient client, LocalControlPlane controlPlane) {
  /** The first minor version whose apiserver evaluates {@code x-kubernetes-validations}. */
  private static final int FIRST_CEL_MINOR = 25;

  /** The JVM's CEL-capable server; skips (or fails on CI) when neither can run. */
  public static CelServer shared() {
    LocalControlPlane plane = LocalControlPlane.shared();
    if (plane.environment().kubernetesMinor() >= FIRST_CEL_MINOR) {
      return new CelServer(plane.description(), plane.client(), plane);
    }
    CrdOnlyServer crdOnly = CrdOnlyServer.shared();
    return new CelServer(
        "apiextensions-apiserver at " + crdOnly.url(), crdOnly.client(), crdOnly.controlPlane());
  }

  public String version() {
    return client.getKubernetesVersion().getGitVersion();
  }
}
