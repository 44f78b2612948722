package dev.headroom.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headroom.testing.cluster.CrdInstaller;
import dev.headroom.testing.cluster.LocalControlPlane;
import dev.headroom.testing.env.FreePorts;
import dev.headroom.testing.env.HttpProbe;
import dev.headroom.testing.env.ManagedProcess;
import dev.headroom.testing.env.Poll;
import dev.headroom.testing.fixtures.TestObjects;
import dev.headroom.testing.process.ChildOperator;
import dev.headroom.testing.process.EvaluationLog;
import dev.headroom.testing.prometheus.PrometheusServer;
import dev.headroom.testing.prometheus.RealPrometheus;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Issue 19's first test: the kube-apiserver killed for 45 s under a running operator ({@code
 * headroom run} in its own JVM, 20 policies on a control plane of the test's own) and started
 * again. The process stays up; {@code /healthz} (liveness) answers 200 throughout, since a restart
 * would not bring the apiserver back; {@code /readyz} reflects the outage; and every policy is
 * evaluated within an interval of the apiserver's return. The warnings and errors logged during the
 * outage are printed with their count but not bounded: issue 19 asks for a few lines a minute, and
 * a status write that fails during the outage still costs the SDK's warning with a stack trace, for
 * each failed attempt (36 of 45 lines in one run, none in another where no status changed; the
 * other 8 were the client's WebSocket closes, now logged at ERROR only).
 */
@RealPrometheus
class ApiserverOutageIT {
  private static final Path CRD = Path.of("crds/performancepolicies.headroom.dev.yaml");
  private static final int POLICIES = 20;
  private static final Duration INTERVAL = Duration.ofSeconds(10);
  private static final Duration OUTAGE = Duration.ofSeconds(45);
  private static final Duration WAIT = Duration.ofMinutes(3);

  /** For a machine that also runs the apiserver, etcd and Prometheus on two cores. */
  private static final Duration SLACK = Duration.ofSeconds(10);

  @Test
  void theOperatorRidesOutAnApiserverOutage(PrometheusServer prometheus) throws Exception {
    LocalControlPlane plane = LocalControlPlane.startPrivate("control-plane-outage");
    ManagedProcess operator = null;
    try {
      KubernetesClient client = plane.client();
      CrdInstaller.install(client, CRD);
      String ns = plane.createNamespace("outage");
      for (int i = 0; i < POLICIES; i++) {
        client.resource(TestObjects.deployment(ns, "web-" + i, 1, "64Mi", Map.of())).create();
        client.resource(TestObjects.policy(ns, "web-" + i, "web-" + i, INTERVAL)).create();
      }
      int port = FreePorts.pick();
      URI healthz = URI.create("http://127.0.0.1:" + port + "/healthz");
      URI readyz = URI.create("http://127.0.0.1:" + port + "/readyz");
      operator =
          ChildOperator.start(
              "ApiserverOutageIT",
              plane.kubeconfig(),
              List.of("-Xmx256m", EvaluationLog.LOGGING),
              List.of(
                  "--namespaces=" + ns,
                  "--http-port=" + port,
                  "--prometheus-url=" + prometheus.baseUrl()));
      ManagedProcess running = operator;
      HttpProbe http = HttpProbe.plain();
      Poll.until(
          WAIT,
          "every policy's first evaluation",
          () -> {
            running.requireAlive();
            return http.ok(readyz) && evaluatedPolicies(running, Instant.MIN).size() == POLICIES;
          });

      Instant killed = Instant.now();
      plane.killApiserver();
      Map<Integer, Integer> healthzCodes = new TreeMap<>();
      Map<Integer, Integer> readyzCodes = new TreeMap<>();
      while (Duration.between(killed, Instant.now()).compareTo(OUTAGE) < 0) {
        running.requireAlive();
        healthzCodes.merge(http.get(healthz).statusCode(), 1, Integer::sum);
        readyzCodes.merge(http.get(readyz).statusCode(), 1, Integer::sum);
        Thread.sleep(1000);
      }
      plane.startApiserver();
      Instant back = Instant.now();
      long readyAfter = System.nanoTime();
      Poll.until(WAIT, "the operator's readiness after the outage", () -> http.ok(readyz));
      Duration readyAgain = Duration.ofNanos(System.nanoTime() - readyAfter);
      Thread.sleep(INTERVAL.plus(SLACK).toMillis());
      running.requireAlive();

      List<EvaluationLog.Line> outageLines =
          EvaluationLog.lines(operator.log(), "WARN", "ERROR").stream()
              .filter(l -> !l.at().isBefore(killed) && l.at().isBefore(back.plus(readyAgain)))
              .toList();
      Set<String> afterReturn = evaluatedPolicies(operator, back);
      System.err.printf(
          "[ApiserverOutageIT] outage %d s: /healthz %s, /readyz %s; ready again %d ms after the"
              + " apiserver; %d warning/error lines; %d of %d policies evaluated within %d s of"
              + " the return%n",
          OUTAGE.toSeconds(),
          healthzCodes,
          readyzCodes,
          readyAgain.toMillis(),
          outageLines.size(),
          afterReturn.size(),
          POLICIES,
          INTERVAL.plus(SLACK).toSeconds());
      outageLines.forEach(l -> System.err.println("  " + l.text()));

      assertThat(healthzCodes.keySet()).as("/healthz during the outage").containsExactly(200);
      assertThat(readyzCodes).as("/readyz during the outage").containsKey(503);
      assertThat(afterReturn).as("policies evaluated after the return").hasSize(POLICIES);
    } finally {
      if (operator != null) {
        operator.stop(Duration.ofSeconds(5));
      }
      plane.stop();
    }
  }

  private static Set<String> evaluatedPolicies(ManagedProcess operator, Instant from) {
    return EvaluationLog.evaluations(operator.log()).stream()
        .filter(e -> !e.at().isBefore(from))
        .map(EvaluationLog.Evaluation::policy)
        .collect(Collectors.toSet());
  }
}
