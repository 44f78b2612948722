package dev.headroom.actuation;

import dev.headroom.engine.ContainerResources;
import dev.headroom.engine.Quantities;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads what the decision needs from a workload's pod template and its Pods: replicas and
 * per-container requests and limits in explicit units. Pure; see {@link OomKills} for the kills.
 */
public final class TargetReading {
  private TargetReading() {}

  public static ReplicaCounts replicas(Deployment deployment) {
    var spec = deployment.getSpec();
    var status = deployment.getStatus();
    return new ReplicaCounts(
        spec == null || spec.getReplicas() == null ? 1 : spec.getReplicas(),
        status == null || status.getReadyReplicas() == null ? 0 : status.getReadyReplicas());
  }

  /** Each container of the pod template, by name, in template order. */
  public static Map<String, ContainerResources> templateResources(Deployment deployment) {
    var spec = deployment.getSpec();
    if (spec == null || spec.getTemplate() == null || spec.getTemplate().getSpec() == null) {
      return Map.of();
    }
    return containerResources(spec.getTemplate().getSpec().getContainers());
  }

  /** Each container of a pod as its spec declares it (what a rollout or a resize last set). */
  public static Map<String, ContainerResources> podResources(Pod pod) {
    if (pod.getSpec() == null) {
      return Map.of();
    }
    return containerResources(pod.getSpec().getContainers());
  }

  /** Each container's requests and limits, by name, in list order. */
  public static Map<String, ContainerResources> containerResources(List<Container> containers) {
    Map<String, ContainerResources> out = new LinkedHashMap<>();
    if (containers != null) {
      for (Container c : containers) {
        out.put(c.getName(), resources(c.getResources()));
      }
    }
    return java.util.Collections.unmodifiableMap(out);
  }

  /** Requests and limits in millicores and bytes, rounded up as Kubernetes does; 0 when unset. */
  public static ContainerResources resources(ResourceRequirements r) {
    Map<String, Quantity> requests =
        r == null || r.getRequests() == null ? Map.of() : r.getRequests();
    Map<String, Quantity> limits = r == null || r.getLimits() == null ? Map.of() : r.getLimits();
    long cpuLimit = cpu(limits.get("cpu"));
    long memoryLimit = bytes(limits.get("memory"));
    // A limit without a request makes the request equal to the limit (the apiserver's defaulting
    // does this for pods; pod templates keep what was written).
    long cpuRequest = requests.containsKey("cpu") ? cpu(requests.get("cpu")) : cpuLimit;
    long memoryRequest =
        requests.containsKey("memory") ? bytes(requests.get("memory")) : memoryLimit;
    return new ContainerResources(cpuRequest, cpuLimit, memoryRequest, memoryLimit);
  }

  private static long cpu(Quantity q) {
    return q == null ? 0 : Quantities.cpuMillis(text(q));
  }

  private static long bytes(Quantity q) {
    return q == null ? 0 : Quantities.bytes(text(q));
  }

  private static String text(Quantity q) {
    return q.getAmount() + (q.getFormat() == null ? "" : q.getFormat());
  }
}
