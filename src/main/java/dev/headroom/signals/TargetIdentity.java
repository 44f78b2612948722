package dev.headroom.signals;

import dev.headroom.signals.promql.LabelName;

/** How a metric's series say which workload they belong to. */
sealed interface TargetIdentity {
  LabelName namespaceLabel();

  /** Whether one grouped query can answer for many targets, told apart by their key labels. */
  boolean batchable();

  /**
   * By pod name, as cAdvisor and scrape-time relabelling label a pod's own metrics: {@code
   * namespace} and {@code pod}, the pod's name in the form the target's controller names pods
   * ({@link PodNaming}). Targets of different namings are different identities, so they never share
   * a grouped query.
   */
  record ByPod(LabelName namespaceLabel, LabelName podLabel, PodNaming naming)
      implements TargetIdentity {
    @Override
    public boolean batchable() {
      return naming.batchable();
    }
  }

  /**
   * By a label that names the workload itself, as a mesh or an ingress does (Istio's {@code
   * destination_workload}, Linkerd's {@code deployment}, ingress-nginx's {@code service}).
   */
  record ByLabel(LabelName namespaceLabel, LabelName targetLabel) implements TargetIdentity {
    @Override
    public boolean batchable() {
      return true;
    }
  }

  /** The usual pod labels, {@code namespace} and {@code pod}, of pods named by {@code naming}. */
  static ByPod pods(PodNaming naming) {
    return new ByPod(LabelName.of("namespace"), LabelName.of("pod"), naming);
  }
}
