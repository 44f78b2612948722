package dev.headroom.testing.cluster;

import dev.headroom.testing.nodes.FakeNodeAgent;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.util.Optional;

/** A Kubernetes cluster the integration tests run against; one per test JVM, shared. */
public interface Cluster {
  /** Which backend this is and where, for logs and failure messages. */
  String description();

  /** An admin client. Shared by every test: do not close it. */
  KubernetesClient client();

  /**
   * A kubeconfig file with the same admin credentials, for processes the tests start (e.g. the
   * operator as a separate JVM).
   */
  Path kubeconfig();

  /**
   * Makes Deployments produce Pods that become Ready. A real cluster (k3s, yours) does that
   * already; the local control plane starts kube-controller-manager, kube-scheduler and the
   * fake-node agent on first call.
   */
  void enableWorkloads();

  /** The fake-node agent, when this cluster's nodes are simulated by the tests. */
  default Optional<FakeNodeAgent> fakeNodes() {
    return Optional.empty();
  }
}
