package dev.headroom.testing.cluster;

import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

/**
 * Clients that act as a ServiceAccount through the admin's right to impersonate, so a test runs
 * code with exactly the permissions RBAC gives that account, without minting its token.
 */
public final class Impersonation {
  private Impersonation() {}

  /** A new client acting as {@code system:serviceaccount:namespace:name}; close it after use. */
  public static KubernetesClient asServiceAccount(
      KubernetesClient admin, String namespace, String name) {
    return new KubernetesClientBuilder()
        .withConfig(
            new ConfigBuilder(admin.getConfiguration())
                .withImpersonateUsername("system:serviceaccount:" + namespace + ":" + name)
                .withImpersonateGroups(
                    "system:serviceaccounts",
                    "system:serviceaccounts:" + namespace,
                    "system:authenticated")
                .build())
        .build();
  }

  /** {@code kubectl auth can-i verb group/resource[/subresource] -n namespace} for this client. */
  public static boolean canI(
      KubernetesClient client, String verb, String group, String resource, String namespace) {
    String[] parts = resource.split("/", 2);
    SelfSubjectAccessReview review =
        new SelfSubjectAccessReviewBuilder()
            .withNewSpec()
            .withNewResourceAttributes()
            .withVerb(verb)
            .withGroup(group)
            .withResource(parts[0])
            .withSubresource(parts.length > 1 ? parts[1] : null)
            .withNamespace(namespace)
            .endResourceAttributes()
            .endSpec()
            .build();
    return client
        .authorization()
        .v1()
        .selfSubjectAccessReview()
        .create(review)
        .getStatus()
        .getAllowed();
  }
}
