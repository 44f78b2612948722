package dev.headroom.cli;

import dev.headroom.runtime.HeadroomOperator;
import dev.headroom.runtime.OperatorConfig;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code headroom run}: the operator. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the operator against the current kubeconfig context, or in-cluster config inside a"
          + " pod.",
      "Every option can also be set by the environment variable named in its description."
    })
final class RunCommand implements Callable<Integer> {
  @Option(
      names = "--prometheus-url",
      defaultValue =
          "${env:HEADROOM_PROMETHEUS_URL:-http://prometheus-operated.monitoring.svc:9090}",
      description =
          "Default Prometheus for policies without spec.prometheus (env HEADROOM_PROMETHEUS_URL;"
              + " default ${DEFAULT-VALUE}).")
  URI prometheusUrl;

  @Option(
      names = "--namespaces",
      split = ",",
      defaultValue = "${env:HEADROOM_NAMESPACES:-}",
      description = "Comma-separated namespaces to watch; empty for all (env HEADROOM_NAMESPACES).")
  List<String> namespaces;

  @Option(
      names = "--http-port",
      defaultValue = "${env:HEADROOM_HTTP_PORT:-8080}",
      description =
          "Port of /healthz, /readyz and /metrics (env HEADROOM_HTTP_PORT; default"
              + " ${DEFAULT-VALUE}).")
  int httpPort;

  @Override
  public Integer call() throws Exception {
    OperatorConfig config = new OperatorConfig(prometheusUrl, namespaceSet(), httpPort);
    var client = new KubernetesClientBuilder().build();
    HeadroomOperator operator = HeadroomOperator.start(config, client);
    operator.stopOnShutdown();
    new CountDownLatch(1).await();
    return 0;
  }

  Set<String> namespaceSet() {
    return namespaces == null
        ? Set.of()
        : namespaces.stream()
            .flatMap(n -> Arrays.stream(n.split(",")))
            .map(String::trim)
            .filter(n -> !n.isEmpty())
            .collect(Collectors.toUnmodifiableSet());
  }
}
