package dev.headroom.signals;

import dev.headroom.signals.promql.LabelName;

/** How a metric's series say which workload they belong to. */
sealed interface TargetIdentity {
  LabelName namespaceLabel();

  /**
   * By pod name, as cAdvisor and scrape-time relabelling label a pod's own metrics: {@code
   * namespace} and {@code pod}, the pod's name matching the Deployment's pattern ({@link
   * PodNames}).
   */
  record ByPod(LabelName namespaceLabel, LabelName podLabel) implements TargetIdentity {}

  /**
   * By a label that names the workload itself, as a mesh or an ingress does (Istio's {@code
   * destination_workload}, Linkerd's {@code deployment}, ingress-nginx's {@code service}).
   */
  record ByLabel(LabelName namespaceLabel, LabelName targetLabel) implements TargetIdentity {}

  /** The usual pod labels: {@code namespace} and {@code pod}. */
  static ByPod pods() {
    return new ByPod(LabelName.of("namespace"), LabelName.of("pod"));
  }
}
