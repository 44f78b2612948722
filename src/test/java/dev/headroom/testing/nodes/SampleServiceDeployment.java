package dev.headroom.testing.nodes;

import dev.headroom.testing.fixtures.TestObjects;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The sample service as a user would deploy it on process-backed nodes: container {@code app} of
 * image {@link ImageTable#SAMPLE_SERVICE}, port {@value #PORT}, a readiness probe on {@code
 * /healthz} every second, the resources and environment given, and the toleration and node selector
 * that put it (and only it) on process nodes.
 */
public final class SampleServiceDeployment {
  public static final int PORT = 8080;

  /** Pod annotations that have Prometheus scrape the sample service, as production pods do. */
  public static final Map<String, String> SCRAPED =
      Map.of(
          "prometheus.io/scrape", "true",
          "prometheus.io/port", Integer.toString(PORT),
          "prometheus.io/path", "/metrics");

  private SampleServiceDeployment() {}

  public static Deployment of(
      String namespace,
      String name,
      int replicas,
      Map<String, String> requests,
      Map<String, String> limits,
      Map<String, String> env,
      Map<String, String> podAnnotations) {
    Deployment deployment =
        TestObjects.deployment(namespace, name, replicas, requests, limits, podAnnotations);
    PodSpec pod = deployment.getSpec().getTemplate().getSpec();
    pod.setNodeSelector(Map.of(FakeNodes.PROCESS_NODE_TAINT, "true"));
    pod.setTolerations(
        List.of(new Toleration("NoSchedule", FakeNodes.PROCESS_NODE_TAINT, "Equal", null, "true")));
    Container app = pod.getContainers().get(0);
    app.setImage(ImageTable.SAMPLE_SERVICE + ":test");
    app.setPorts(List.of(new ContainerPortBuilder().withContainerPort(PORT).build()));
    List<EnvVar> vars = new ArrayList<>();
    new TreeMap<>(env).forEach((k, v) -> vars.add(new EnvVar(k, v, null)));
    app.setEnv(vars);
    app.setReadinessProbe(
        new ProbeBuilder()
            .withNewHttpGet()
            .withPath("/healthz")
            .withPort(new IntOrString(PORT))
            .endHttpGet()
            .withPeriodSeconds(1)
            .build());
    return deployment;
  }

  /** A Service {@code name} in front of the Deployment's pods, on {@value #PORT}. */
  public static Service service(String namespace, String name) {
    return new ServiceBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(namespace)
        .endMetadata()
        .withNewSpec()
        .addToSelector("app", name)
        .addNewPort()
        .withPort(PORT)
        .withTargetPort(new IntOrString(PORT))
        .endPort()
        .endSpec()
        .build();
  }
}
