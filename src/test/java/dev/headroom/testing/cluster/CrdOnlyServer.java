package dev.headroom.testing.cluster;

import dev.headroom.testing.env.FreePorts;
import dev.headroom.testing.env.ManagedProcess;
import dev.headroom.testing.env.Poll;
import dev.headroom.testing.env.Processes;
import dev.headroom.testing.env.TestEnvironment;
import dev.headroom.testing.env.TestRun;
import dev.headroom.testing.env.Unavailable;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A 1.36 {@code apiextensions-apiserver}: CustomResourceDefinitions and custom resources only, but
 * with what 1.20 lacks for our CRD — CEL {@code x-kubernetes-validations} and strict field
 * validation. It runs next to the 1.20 {@link LocalControlPlane}: it stores in the same etcd under
 * its own prefix and delegates authentication, authorization and namespace lookups to that
 * kube-apiserver, so a custom resource's namespace must exist there.
 *
 * <p>It serves no {@code /api}, so discovery-based clients fail against it: use {@link #client()}
 * with {@code genericKubernetesResources(ResourceDefinitionContext)} and typed {@code
 * apiextensions()} calls, which need no discovery.
 *
 * <p>{@code --enable-priority-and-fairness=false} and the admission-policy plugins disabled: both
 * would watch APIs (flowcontrol, admissionregistration v1 policies) a 1.20 apiserver does not
 * serve.
 */
public final class CrdOnlyServer {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(180);
  private static CrdOnlyServer shared;
  private static RuntimeException startFailure;

  private final LocalControlPlane controlPlane;
  private final KubernetesClient client;
  private final int port;

  private CrdOnlyServer(LocalControlPlane controlPlane, KubernetesClient client, int port) {
    this.controlPlane = controlPlane;
    this.client = client;
    this.port = port;
  }

  /** Why it cannot run here, or empty when it can. */
  public static Optional<String> whyUnavailable(TestEnvironment env) {
    Optional<String> missing = env.whyMissing("etcd", "kube-apiserver", "apiextensions-apiserver");
    return missing.map(
        why ->
            env.property("apiextensions.error")
                .map(error -> why + " (scripts/test-env.sh recorded: " + error + ")")
                .orElse(why));
  }

  /** The JVM's server, started (with the control plane) on first call; skips or fails without. */
  public static synchronized CrdOnlyServer shared() {
    if (shared != null) {
      return shared;
    }
    if (startFailure != null) {
      throw new IllegalStateException(
          "the CRD-only server failed to start earlier in this JVM", startFailure);
    }
    TestEnvironment env = TestEnvironment.locate();
    Optional<String> why = whyUnavailable(env);
    if (why.isPresent()) {
      throw Unavailable.skipOrFail(
          "The CEL-capable CRD server (apiextensions-apiserver 1.36)",
          why.get(),
          "run `bash scripts/test-env.sh` (it builds apiextensions-apiserver from Debian's"
              + " golang-k8s-apiextensions-apiserver-dev); see docs/testing.md");
    }
    try {
      shared = start(LocalControlPlane.shared());
      return shared;
    } catch (RuntimeException e) {
      TestRun.markFailed();
      startFailure = e;
      throw e;
    }
  }

  private static CrdOnlyServer start(LocalControlPlane controlPlane) {
    int port = FreePorts.pick();
    String kubeconfig = controlPlane.kubeconfig().toString();
    ManagedProcess server =
        Processes.start(
            "apiextensions-apiserver",
            List.of(
                // Debian sid's build, in the base cache whichever Kubernetes the plane runs.
                TestEnvironment.locate().binaryPath("apiextensions-apiserver").toString(),
                "--etcd-servers=" + controlPlane.etcdUrl(),
                "--etcd-prefix=/apiext",
                "--bind-address=127.0.0.1",
                "--secure-port=" + port,
                "--cert-dir=" + controlPlane.dir().resolve("apiext-certs"),
                "--kubeconfig=" + kubeconfig,
                "--authentication-kubeconfig=" + kubeconfig,
                "--authorization-kubeconfig=" + kubeconfig,
                "--enable-priority-and-fairness=false",
                "--disable-admission-plugins=ValidatingAdmissionPolicy,MutatingAdmissionPolicy"),
            controlPlane.dir().resolve("apiextensions-apiserver.log"),
            Map.of());
    Certificates pki = controlPlane.certificates();
    KubernetesClient client =
        ClientConfigs.trustingServer("https://127.0.0.1:" + port, pki.adminCert(), pki.adminKey());
    Processes.onExit("CRD-only server client", client);
    // Listing CRDs as admin proves it serves, and that delegated authn/authz to the 1.20
    // kube-apiserver works; /readyz alone would not.
    Poll.until(
        START_TIMEOUT,
        "apiextensions-apiserver on port " + port + " to list CRDs",
        () -> {
          server.requireAlive();
          client.apiextensions().v1().customResourceDefinitions().list();
          return true;
        });
    return new CrdOnlyServer(controlPlane, client, port);
  }

  /** An admin client for this server (generic and apiextensions calls only, see above). */
  public KubernetesClient client() {
    return client;
  }

  /** The kube-apiserver it delegates to: create namespaces there. */
  public LocalControlPlane controlPlane() {
    return controlPlane;
  }

  public String version() {
    return client.getKubernetesVersion().getGitVersion();
  }

  public String url() {
    return "https://127.0.0.1:" + port;
  }
}
