package dev.headroom.testing.cluster;

import dev.headroom.testing.env.Unavailable;
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

  /**
   * The fake-node agent, for a test whose kills and usage come from it: on a cluster with real
   * nodes such a test is skipped with the reason, and fails on CI (which always has the agent), so
   * that it cannot pass as skipped there.
   */
  default FakeNodeAgent requireFakeNodes() {
    return fakeNodes()
        .orElseThrow(
            () ->
                Unavailable.skipOrFail(
                    "the fake-node agent",
                    "the cluster has real nodes (" + description() + ")",
                    "run against the local control plane: unset HEADROOM_TEST_KUBECONFIG"));
  }
}
