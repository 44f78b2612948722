package dev.headroom.testing.cluster;

import dev.headroom.testing.env.Processes;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A cluster of the developer's, named by {@code HEADROOM_TEST_KUBECONFIG}. Its nodes are real, so
 * workloads need nothing from the tests; each test still gets its own namespace, deleted after it.
 */
final class ExistingCluster implements Cluster {
  private final Path kubeconfig;
  private final KubernetesClient client;

  private ExistingCluster(Path kubeconfig, KubernetesClient client) {
    this.kubeconfig = kubeconfig;
    this.client = client;
  }

  static ExistingCluster connect(Path kubeconfig) {
    if (!Files.isReadable(kubeconfig)) {
      throw new IllegalStateException(
          Backends.KUBECONFIG_ENV + "=" + kubeconfig + " names no readable kubeconfig file");
    }
    KubernetesClient client =
        new KubernetesClientBuilder()
            .withConfig(Config.fromKubeconfig(kubeconfig.toFile()))
            .build();
    Processes.onExit("existing cluster client", client);
    return new ExistingCluster(kubeconfig, client);
  }

  @Override
  public String description() {
    return "the cluster of " + kubeconfig + " (" + client.getMasterUrl() + ")";
  }

  @Override
  public KubernetesClient client() {
    return client;
  }

  @Override
  public Path kubeconfig() {
    return kubeconfig;
  }

  @Override
  public void enableWorkloads() {
    // real nodes run the pods
  }
}
