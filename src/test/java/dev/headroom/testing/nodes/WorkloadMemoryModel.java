package dev.headroom.testing.nodes;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;

/**
 * How much memory a fake node believes a container uses. A container whose memory limit is below
 * that is OOM-killed over and over, as the kernel would do on a real node. Tests plug in any model
 * (e.g. one driven by Headroom's simulator); the default reads it from the pod's annotations, so a
 * Deployment's template says how hungry its pods are.
 */
@FunctionalInterface
public interface WorkloadMemoryModel {
  /** {@code fake.headroom.dev/memory-usage: 300Mi} applies to every container of the pod. */
  String USAGE_ANNOTATION = "fake.headroom.dev/memory-usage";

  /** The container's working set once started; empty when the model has no opinion. */
  Optional<Quantity> usage(Pod pod, Container container);

  /**
   * Reads {@code fake.headroom.dev/memory-usage.<container>}, else {@code
   * fake.headroom.dev/memory-usage}, from the pod's annotations.
   */
  static WorkloadMemoryModel fromAnnotations() {
    return (pod, container) -> {
      Map<String, String> annotations = pod.getMetadata().getAnnotations();
      if (annotations == null) {
        return Optional.empty();
      }
      String value = annotations.get(USAGE_ANNOTATION + "." + container.getName());
      if (value == null) {
        value = annotations.get(USAGE_ANNOTATION);
      }
      return Optional.ofNullable(value).map(Quantity::new);
    };
  }

  /** True when the model says the container uses more than its memory limit. */
  default boolean oomKilled(Pod pod, Container container) {
    var resources = container.getResources();
    Quantity limit =
        resources == null || resources.getLimits() == null
            ? null
            : resources.getLimits().get("memory");
    if (limit == null) {
      return false; // no limit: only the node's memory bounds it, and fake nodes have plenty
    }
    BigDecimal limitBytes = Quantity.getAmountInBytes(limit);
    return usage(pod, container)
        .map(Quantity::getAmountInBytes)
        .map(used -> used.compareTo(limitBytes) > 0)
        .orElse(false);
  }
}
