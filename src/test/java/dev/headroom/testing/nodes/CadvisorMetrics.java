package dev.headroom.testing.nodes;

import dev.headroom.testing.process.CgroupLimits;
import dev.headroom.testing.process.CgroupUsage;
import dev.headroom.testing.prometheus.ExpositionWriter;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The kubelet's {@code /metrics/cadvisor} for process-backed containers, from their cgroups, with
 * cAdvisor's names and the kubelet's labels ({@code namespace}, {@code pod}, {@code container},
 * {@code image}, {@code name}): the series Headroom's presets read in production.
 */
final class CadvisorMetrics {
  /** One running container, what its cgroup counted and the limits it was given. */
  record Container(
      Pod pod,
      io.fabric8.kubernetes.api.model.Container spec,
      CgroupUsage usage,
      CgroupLimits limits) {}

  private CadvisorMetrics() {}

  static String render(List<Container> containers, Instant now) {
    long stamp = now.toEpochMilli();
    ExpositionWriter out = new ExpositionWriter();
    series(
        out,
        "container_cpu_usage_seconds_total",
        "counter",
        containers,
        c -> c.usage().cpuSeconds(),
        stamp);
    series(
        out,
        "container_memory_working_set_bytes",
        "gauge",
        containers,
        c -> (double) c.usage().workingSetBytes(),
        stamp);
    series(
        out,
        "container_cpu_cfs_periods_total",
        "counter",
        containers,
        c -> (double) c.usage().cfsPeriods(),
        stamp);
    series(
        out,
        "container_cpu_cfs_throttled_periods_total",
        "counter",
        containers,
        c -> (double) c.usage().cfsThrottledPeriods(),
        stamp);
    series(
        out,
        "container_oom_events_total",
        "counter",
        containers,
        c -> (double) c.usage().oomKills(),
        stamp);
    series(
        out,
        "container_spec_cpu_period",
        "gauge",
        containers,
        c -> (double) c.limits().cpuPeriodMicros(),
        stamp);
    series(
        out,
        "container_spec_cpu_quota",
        "gauge",
        containers,
        c -> (double) c.limits().cpuQuotaMicros(),
        stamp);
    series(
        out,
        "container_spec_cpu_shares",
        "gauge",
        containers,
        c -> (double) c.limits().cpuShares(),
        stamp);
    series(
        out,
        "container_spec_memory_limit_bytes",
        "gauge",
        containers,
        c -> (double) c.limits().memoryLimitBytes(),
        stamp);
    return out.toString();
  }

  private static void series(
      ExpositionWriter out,
      String metric,
      String type,
      List<Container> containers,
      Function<Container, Double> value,
      long stamp) {
    out.type(metric, type);
    for (Container c : containers) {
      out.sample(metric, labels(c), value.apply(c), stamp);
    }
  }

  private static Map<String, String> labels(Container c) {
    return Map.of(
        "namespace", c.pod().getMetadata().getNamespace(),
        "pod", c.pod().getMetadata().getName(),
        "container", c.spec().getName(),
        "image", c.spec().getImage(),
        "name", c.pod().getMetadata().getUid() + "-" + c.spec().getName());
  }
}
