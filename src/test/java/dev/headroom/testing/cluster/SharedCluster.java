package dev.headroom.testing.cluster;

import dev.headroom.testing.env.TestEnvironment;
import dev.headroom.testing.env.TestRun;
import dev.headroom.testing.env.Unavailable;
import java.nio.file.Path;
import org.testcontainers.DockerClientFactory;

/**
 * The JVM's one cluster, chosen by {@link Backends} and started on first use. When there is none,
 * the caller is skipped (or failed on CI) with the reasons and the fix; when the chosen backend
 * fails to start, every caller fails with that error.
 */
public final class SharedCluster {
  private static Cluster cluster;
  private static RuntimeException startFailure;
  private static Backends.Choice choice;

  private SharedCluster() {}

  public static synchronized Cluster get() {
    if (cluster != null) {
      return cluster;
    }
    if (startFailure != null) {
      throw new IllegalStateException(
          "the test cluster failed to start earlier in this JVM", startFailure);
    }
    if (choice == null) {
      // Once per JVM: asking Testcontainers for Docker is slow and logs at length when there is
      // none.
      choice =
          Backends.choose(
              System::getenv,
              TestEnvironment.locate(),
              () -> DockerClientFactory.instance().isDockerAvailable());
    }
    if (choice.kind().isEmpty()) {
      throw Unavailable.skipOrFail(
          "A Kubernetes cluster for the integration tests", choice.explanation(), Unavailable.FIX);
    }
    try {
      cluster =
          switch (choice.kind().get()) {
            case KUBECONFIG ->
                ExistingCluster.connect(Path.of(System.getenv(Backends.KUBECONFIG_ENV)));
            case K3S -> K3sCluster.start();
            case LOCAL -> LocalControlPlane.shared();
          };
      System.err.println("[headroom tests] cluster: " + cluster.description());
      return cluster;
    } catch (RuntimeException e) {
      TestRun.markFailed();
      startFailure = e;
      throw e;
    }
  }
}
