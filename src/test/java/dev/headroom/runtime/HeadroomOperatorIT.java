package dev.headroom.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headroom.api.v1alpha1.PerformancePolicy;
import dev.headroom.testing.cluster.CrdInstaller;
import dev.headroom.testing.cluster.RealCluster;
import dev.headroom.testing.cluster.TestNamespace;
import dev.headroom.testing.env.HttpProbe;
import dev.headroom.testing.env.Poll;
import dev.headroom.testing.fixtures.Deployments;
import dev.headroom.testing.fixtures.TestObjects;
import io.fabric8.kubernetes.api.model.autoscaling.v1.Scale;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The operator process against a cluster that runs workloads: a Deployment becomes Ready (through
 * the fake-node agent on the local control plane), and when something else scales it through the
 * scale subresource — as the HPA or {@code kubectl scale} do — the operator's Deployment informer
 * sees it and the policy reports the new replica count.
 */
@RealCluster(workloads = true)
class HeadroomOperatorIT {
  private static final Path CRD = Path.of("crds/performancepolicies.headroom.dev.yaml");
  private static final Duration WAIT = Duration.ofSeconds(90);

  @Test
  void aScaleThroughTheSubresourceReachesThePolicyStatus(
      KubernetesClient client, TestNamespace namespace) throws Exception {
    String ns = namespace.name();
    CrdInstaller.install(client, CRD);
    client.resource(TestObjects.deployment(ns, "shop", 2, "128Mi", Map.of())).create();
    Deployments.awaitReady(client, ns, "shop", 2);

    try (HeadroomOperator operator =
        HeadroomOperator.start(
            new OperatorConfig(URI.create("http://127.0.0.1:9"), Set.of(ns), 0), client)) {
      URI readyz = URI.create("http://127.0.0.1:" + operator.httpPort() + "/readyz");
      Poll.until(WAIT, "the operator's " + readyz, () -> HttpProbe.plain().ok(readyz));

      client.resource(TestObjects.policy(ns, "shop-budget", "shop")).create();
      assertThat(awaitReplicas(client, ns, "shop-budget", 2).getStatus().replicas()).isEqualTo(2);

      var deployment = client.apps().deployments().inNamespace(ns).withName("shop");
      Scale scale = deployment.scale();
      assertThat(scale.getSpec().getReplicas()).isEqualTo(2);
      scale.getSpec().setReplicas(3);
      deployment.scale(scale);

      // The policy re-evaluates only hourly by itself: the new count can only come from the
      // informer's update event.
      PerformancePolicy seen = awaitReplicas(client, ns, "shop-budget", 3);
      assertThat(seen.getStatus().replicas()).isEqualTo(3);
      assertThat(Deployments.awaitReady(client, ns, "shop", 3).getStatus().getReadyReplicas())
          .isEqualTo(3);
    }
  }

  private static PerformancePolicy awaitReplicas(
      KubernetesClient client, String ns, String name, int replicas) {
    return Poll.value(
        WAIT,
        "policy " + ns + "/" + name + " to report " + replicas + " replicas",
        () ->
            Optional.ofNullable(
                    client.resources(PerformancePolicy.class).inNamespace(ns).withName(name).get())
                .filter(p -> p.getStatus() != null)
                .filter(p -> Integer.valueOf(replicas).equals(p.getStatus().replicas())));
  }
}
