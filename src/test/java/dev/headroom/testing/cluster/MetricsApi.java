package dev.headroom.testing.cluster;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The objects that register metrics-server with the aggregation layer: its Service in {@code
 * kube-system} and the {@code v1beta1.metrics.k8s.io} APIService, as metrics-server's own manifests
 * create them, except that the Service is an {@code ExternalName} for {@code localhost} (the local
 * control plane has no kube-proxy to route a ClusterIP).
 */
final class MetricsApi {
  static final String APISERVICE = "v1beta1.metrics.k8s.io";

  private MetricsApi() {}

  static Service service() {
    return new ServiceBuilder()
        .withNewMetadata()
        .withName("metrics-server")
        .withNamespace("kube-system")
        .addToLabels("k8s-app", "metrics-server")
        .endMetadata()
        .withNewSpec()
        .withType("ExternalName")
        .withExternalName("localhost")
        .endSpec()
        .build();
  }

  static GenericKubernetesResource apiService(int port, Path caCert) {
    String caBundle;
    try {
      caBundle = Base64.getEncoder().encodeToString(Files.readAllBytes(caCert));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new GenericKubernetesResourceBuilder()
        .withApiVersion("apiregistration.k8s.io/v1")
        .withKind("APIService")
        .withNewMetadata()
        .withName(APISERVICE)
        .addToLabels("k8s-app", "metrics-server")
        .endMetadata()
        .addToAdditionalProperties(
            "spec",
            Map.of(
                "group",
                "metrics.k8s.io",
                "version",
                "v1beta1",
                "service",
                Map.of("name", "metrics-server", "namespace", "kube-system", "port", port),
                "caBundle",
                caBundle,
                "groupPriorityMinimum",
                100,
                "versionPriority",
                100))
        .build();
  }

  /** Whether the APIService's Available condition is True. */
  static boolean available(KubernetesClient client) {
    GenericKubernetesResource apiService =
        client
            .genericKubernetesResources("apiregistration.k8s.io/v1", "APIService")
            .withName(APISERVICE)
            .get();
    if (apiService == null || !(apiService.get("status") instanceof Map<?, ?> status)) {
      return false;
    }
    return status.get("conditions") instanceof List<?> conditions
        && conditions.stream()
            .anyMatch(
                c ->
                    c instanceof Map<?, ?> condition
                        && "Available".equals(condition.get("type"))
                        && "True".equals(condition.get("status")));
  }
}
