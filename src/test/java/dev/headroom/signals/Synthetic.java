package dev.headroom.signals;

import dev.headroom.testing.prometheus.ClassicHistogram;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Services with known traffic, as the exposition Prometheus scrapes: every counter grows linearly
 * with time from the moment the fixture starts, so {@code rate()} over a window the series fills is
 * exactly its per-second value, and every quantile, average and ratio is known in advance.
 */
public final class Synthetic {
  /** Bucket bounds in seconds; a preset in milliseconds is served with these times 1000. */
  static final double[] BOUNDS = {0.05, 0.1, 0.25, 0.5, 1.0};

  /**
   * Requests per second of one pod and one status, by bucket (not cumulative): the last entry is
   * above the highest bound.
   */
  public record Traffic(long[] perBucket, double sumSeconds) {
    long count() {
      long n = 0;
      for (long b : perBucket) {
        n += b;
      }
      return n;
    }

    double[] cumulative() {
      double[] c = new double[perBucket.length];
      long running = 0;
      for (int i = 0; i < perBucket.length; i++) {
        running += perBucket[i];
        c[i] = running;
      }
      return c;
    }
  }

  /** How a preset's series are named and labelled. */
  public enum Shape {
    PROMETHEUS_HISTOGRAM("checkout_request_duration_seconds", 1, "code"),
    MICROMETER("http_server_requests_seconds", 1, "status"),
    ISTIO("istio_request_duration_milliseconds", 1000, "response_code"),
    NGINX_INGRESS("nginx_ingress_controller_request_duration_seconds", 1, "status"),
    LINKERD("response_latency_ms", 1000, "status_code");

    final String metric;
    final int perSecond;
    final String statusLabel;

    Shape(String metric, int perSecond, String statusLabel) {
      this.metric = metric;
      this.perSecond = perSecond;
      this.statusLabel = statusLabel;
    }

    /** The labels of one pod's series of {@code target} in {@code namespace}. */
    Map<String, String> labels(String namespace, String target, String pod, String status) {
      Map<String, String> labels = new LinkedHashMap<>();
      switch (this) {
        case PROMETHEUS_HISTOGRAM, MICROMETER -> {
          labels.put("namespace", namespace);
          labels.put("pod", pod);
        }
        case ISTIO -> {
          labels.put("reporter", "destination");
          labels.put("destination_workload_namespace", namespace);
          labels.put("destination_workload", target);
          labels.put("pod", pod);
        }
        case NGINX_INGRESS -> {
          labels.put("namespace", namespace);
          labels.put("service", target);
          labels.put("ingress", target);
          labels.put("controller_pod", pod);
        }
        case LINKERD -> {
          labels.put("direction", "inbound");
          labels.put("namespace", namespace);
          labels.put("deployment", target);
          labels.put("pod", pod);
        }
      }
      labels.put(statusLabel, status);
      return labels;
    }
  }

  /**
   * One Deployment's traffic: per pod, OK and 5xx traffic, and per container CPU cores and memory.
   */
  public record Service(
      Shape shape,
      String namespace,
      String name,
      List<String> pods,
      Traffic ok,
      Traffic errors,
      Map<String, Double> coresPerContainer,
      Map<String, Double> bytesPerContainer) {

    /** The histogram of all pods and statuses, per second: what histogram_quantile sees. */
    ClassicHistogram histogram() {
      List<ClassicHistogram.Bucket> buckets = new ArrayList<>();
      double[] okC = ok.cumulative();
      double[] errC = errors.cumulative();
      for (int i = 0; i <= BOUNDS.length; i++) {
        double bound = i == BOUNDS.length ? Double.POSITIVE_INFINITY : BOUNDS[i];
        buckets.add(
            new ClassicHistogram.Bucket(bound, Math.round((okC[i] + errC[i]) * pods.size())));
      }
      return new ClassicHistogram(buckets);
    }

    double requestsPerSecond() {
      return (ok.count() + errors.count()) * (double) pods.size();
    }

    double averageSeconds() {
      return (ok.sumSeconds() + errors.sumSeconds()) / (ok.count() + errors.count());
    }

    double errorRatio() {
      return errors.count() / (double) (ok.count() + errors.count());
    }

    double cpuPerPod() {
      return coresPerContainer.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    double memoryPerPod() {
      return bytesPerContainer.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    /** Everything this service exposes after {@code t} seconds. */
    void expose(Exposition out, double t) {
      for (String pod : pods) {
        histogram(out, pod, "200", ok, t);
        if (errors.count() > 0) {
          histogram(out, pod, "503", errors, t);
        }
        coresPerContainer.forEach(
            (container, cores) -> {
              Map<String, String> labels = cadvisor(pod, container);
              out.counter("container_cpu_usage_seconds_total", labels, cores * t);
              out.counter("container_cpu_cfs_periods_total", labels, 10 * t);
              out.counter("container_cpu_cfs_throttled_periods_total", labels, 2 * t);
              out.gauge(
                  "container_memory_working_set_bytes", labels, bytesPerContainer.get(container));
            });
        // cAdvisor's pod-level cgroup and the pause container, which must not count.
        out.counter("container_cpu_usage_seconds_total", cadvisor(pod, ""), 100 * t);
        out.counter("container_cpu_usage_seconds_total", cadvisor(pod, "POD"), 100 * t);
        out.gauge("container_memory_working_set_bytes", cadvisor(pod, ""), 1e12);
      }
    }

    private void histogram(Exposition out, String pod, String status, Traffic traffic, double t) {
      double[] bounds = new double[BOUNDS.length];
      for (int i = 0; i < bounds.length; i++) {
        bounds[i] = BOUNDS[i] * shape.perSecond;
      }
      double[] cumulative = traffic.cumulative();
      for (int i = 0; i < cumulative.length; i++) {
        cumulative[i] *= t;
      }
      out.histogram(
          shape.metric,
          shape.labels(namespace, name, pod, status),
          bounds,
          cumulative,
          traffic.sumSeconds() * shape.perSecond * t);
    }

    private Map<String, String> cadvisor(String pod, String container) {
      Map<String, String> labels = new LinkedHashMap<>();
      labels.put("namespace", namespace);
      labels.put("pod", pod);
      labels.put("container", container);
      return labels;
    }
  }

  private Synthetic() {}

  /** {@code name-<hash>-<suffix>} from Kubernetes' safe alphabet, distinct per index. */
  public static String pod(String deployment, int index) {
    String safe = "bcdfghjklmnpqrstvwxz2456789";
    StringBuilder suffix = new StringBuilder();
    int n = index;
    for (int i = 0; i < 5; i++) {
      suffix.append(safe.charAt(n % safe.length()));
      n /= safe.length();
    }
    return deployment + "-7d9f8b6c5-" + suffix;
  }

  /** The exposition of all services at {@code t} seconds since start. */
  static String exposition(List<Service> services, double t) {
    Exposition out = new Exposition();
    services.forEach(s -> s.expose(out, t));
    return out.text();
  }
}
