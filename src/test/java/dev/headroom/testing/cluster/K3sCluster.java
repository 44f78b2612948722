package dev.headroom.testing.cluster;

import dev.headroom.testing.env.Processes;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * k3s in a container through Testcontainers, for machines with a Docker engine: a real recent
 * Kubernetes (CEL, autoscaling/v2) with a real kubelet, started once per JVM. Testcontainers' Ryuk
 * removes the container if the JVM is killed.
 */
final class K3sCluster implements Cluster {
  static final String IMAGE_ENV = "HEADROOM_TEST_K3S_IMAGE";
  static final String DEFAULT_IMAGE = "rancher/k3s:v1.31.4-k3s1";

  private final K3sContainer container;
  private final KubernetesClient client;
  private final Path kubeconfig;

  private K3sCluster(K3sContainer container, KubernetesClient client, Path kubeconfig) {
    this.container = container;
    this.client = client;
    this.kubeconfig = kubeconfig;
  }

  static K3sCluster start() {
    String image = System.getenv().getOrDefault(IMAGE_ENV, DEFAULT_IMAGE);
    K3sContainer container = new K3sContainer(DockerImageName.parse(image));
    container.start();
    Processes.onExit("k3s container", container::stop);
    KubernetesClient client =
        new KubernetesClientBuilder()
            .withConfig(Config.fromKubeconfig(container.getKubeConfigYaml()))
            .build();
    Processes.onExit("k3s client", client);
    Path kubeconfig;
    try {
      kubeconfig = Files.createTempFile("headroom-k3s-", ".kubeconfig");
      Files.writeString(kubeconfig, container.getKubeConfigYaml());
      kubeconfig.toFile().deleteOnExit();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new K3sCluster(container, client, kubeconfig);
  }

  @Override
  public String description() {
    return "k3s " + container.getDockerImageName() + " at " + client.getMasterUrl();
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
    // k3s runs a real kubelet
  }
}
