package dev.headroom.testing.cluster;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The namespace one test owns, created before it and deleted after it.
 *
 * @param name the namespace's name
 */
public record TestNamespace(String name) {
  static final String LABEL = "headroom.dev/test";

  /** A fresh namespace named after the test, e.g. {@code reconcilerit-missingtarget-4f2a}. */
  static TestNamespace create(KubernetesClient client, String className, String methodName) {
    String base =
        (className + "-" + methodName).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    base = base.replaceAll("^-+|-+$", "");
    if (base.length() > 50) {
      base = base.substring(0, 50).replaceAll("-+$", "");
    }
    // Eight hex digits: a parameterised test makes dozens of namespaces with one base, and a
    // deleted one may linger (Terminating) while no namespace controller runs.
    String name = base + "-" + String.format("%08x", ThreadLocalRandom.current().nextInt());
    client
        .namespaces()
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName(name)
                .addToLabels(LABEL, "true")
                .endMetadata()
                .build())
        .create();
    return new TestNamespace(name);
  }

  /**
   * Starts the deletion and does not wait for it: only kube-controller-manager's namespace
   * controller finishes it, and the local control plane runs that only for workload tests.
   */
  void delete(KubernetesClient client) {
    client
        .namespaces()
        .withName(name)
        .withPropagationPolicy(DeletionPropagation.BACKGROUND)
        .delete();
  }
}
