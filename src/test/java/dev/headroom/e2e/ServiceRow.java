package dev.headroom.e2e;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a real-process run looked like at one moment, every figure over the same 30 s window (the
 * policies' own): the Deployment's pods, the requests the service answered and how fast by its own
 * histogram, and the CPU its containers used by the kubelet's cAdvisor series.
 *
 * @param seconds since the load started
 * @param readyPods pods Ready (serving)
 * @param pods pods that exist (starting ones included), what a cluster pays for
 * @param desiredReplicas the Deployment's spec.replicas
 * @param answeredRps requests the service answered 200 per second
 * @param p95Seconds p95 of those requests by the service's histogram (NaN without requests)
 * @param meanSeconds their mean latency
 * @param cpuCores CPU the namespace's containers used
 * @param throttledShare the share of CFS periods throttled
 */
public record ServiceRow(
    double seconds,
    int readyPods,
    int pods,
    int desiredReplicas,
    double answeredRps,
    double p95Seconds,
    double meanSeconds,
    double cpuCores,
    double throttledShare) {

  private static final String WINDOW = "[30s]";

  static ServiceRow sample(ProcessBackedLoop loop, String deployment, double seconds) {
    Deployment d = loop.deployment(deployment);
    String service = "{namespace=\"" + loop.namespace + "\",status=\"200\"}";
    String containers = "{namespace=\"" + loop.namespace + "\"}";
    double rps =
        loop.query("sum(rate(http_server_requests_seconds_count" + service + WINDOW + "))")
            .orElse(Double.NaN);
    double sum =
        loop.query("sum(rate(http_server_requests_seconds_sum" + service + WINDOW + "))")
            .orElse(Double.NaN);
    double cpu =
        loop.query("sum(rate(container_cpu_usage_seconds_total" + containers + WINDOW + "))")
            .orElse(Double.NaN);
    return new ServiceRow(
        seconds,
        Optional.ofNullable(d.getStatus().getReadyReplicas()).orElse(0),
        Optional.ofNullable(d.getStatus().getReplicas()).orElse(0),
        d.getSpec().getReplicas(),
        rps,
        loop.p95(),
        rps > 0 ? sum / rps : Double.NaN,
        cpu,
        loop.throttledShare(WINDOW));
  }

  /** Utilisation of the Ready pods' CPU limits, from the CPU they used. */
  double utilisation(double limitCores) {
    return readyPods == 0 ? Double.NaN : cpuCores / (readyPods * limitCores);
  }

  private static final Pattern FORMATTED =
      Pattern.compile(
          " *(\\S+) s  replicas (\\d+)/(\\d+) \\((\\d+) pods\\) +(\\S+) req/s  p95 +(\\S+) ms  mean"
              + " +(\\S+) ms  CPU (\\S+) cores  throttled +(\\S+) %");

  /** A row as {@link #format} wrote it (a run's report), or empty for any other line. */
  public static Optional<ServiceRow> parse(String line) {
    Matcher m = FORMATTED.matcher(line);
    if (!m.matches()) {
      return Optional.empty();
    }
    return Optional.of(
        new ServiceRow(
            Double.parseDouble(m.group(1)),
            Integer.parseInt(m.group(2)),
            Integer.parseInt(m.group(4)),
            Integer.parseInt(m.group(3)),
            Double.parseDouble(m.group(5)),
            Double.parseDouble(m.group(6)) / 1000,
            Double.parseDouble(m.group(7)) / 1000,
            Double.parseDouble(m.group(8)),
            Double.parseDouble(m.group(9)) / 100));
  }

  String format() {
    return String.format(
        Locale.ROOT,
        "%6.1f s  replicas %d/%d (%d pods)  %5.1f req/s  p95 %7.1f ms  mean %6.1f ms  CPU %.2f cores  throttled %3.0f %%",
        seconds,
        readyPods,
        desiredReplicas,
        pods,
        answeredRps,
        p95Seconds * 1000,
        meanSeconds * 1000,
        cpuCores,
        throttledShare * 100);
  }

  /**
   * The rows of a recorded real run in {@code src/test/resources/real-runs} (the rows of {@code
   * target/e2e/real-processes-worldcup.txt}, kept so that a model change is checked against them).
   */
  public static List<ServiceRow> recorded(String file) throws IOException {
    try (InputStream in = ServiceRow.class.getResourceAsStream("/real-runs/" + file)) {
      if (in == null) {
        throw new IOException("no recorded run " + file + " in src/test/resources/real-runs");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .lines()
          .map(ServiceRow::parse)
          .flatMap(Optional::stream)
          .toList();
    }
  }
}
