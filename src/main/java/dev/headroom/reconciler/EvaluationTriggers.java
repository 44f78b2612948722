package dev.headroom.reconciler;

import dev.headroom.actuation.OomKills;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentSpec;
import io.fabric8.kubernetes.api.model.apps.DeploymentSpecBuilder;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Which changes to a policy's target and its pods make the reconciler evaluate the policy at once,
 * and which pods are the target's. Everything else waits for the policy's evaluation interval: a
 * Deployment's status moves with every pod that becomes Ready, and pods change for many reasons, so
 * evaluating on each of those would query Prometheus and write the status once per pod during a
 * rollout without learning anything the next regular evaluation would not; the same holds for
 * Headroom's own change of the replica count. Pure.
 */
final class EvaluationTriggers {
  /** The label the Deployment controller puts on its ReplicaSets' pods. */
  static final String POD_TEMPLATE_HASH = "pod-template-hash";

  private EvaluationTriggers() {}

  /**
   * The name of the Deployment a pod belongs to, read from its owner chain without a lookup: the
   * Deployment controller names the ReplicaSet that controls the pod {@code
   * <deployment>-<pod-template-hash>} and labels the pod with that hash. Empty for a pod without a
   * controlling ReplicaSet or whose ReplicaSet is not named that way.
   */
  static Optional<String> deploymentOf(Pod pod) {
    var metadata = pod.getMetadata();
    if (metadata == null || metadata.getLabels() == null || metadata.getOwnerReferences() == null) {
      return Optional.empty();
    }
    String hash = metadata.getLabels().get(POD_TEMPLATE_HASH);
    if (hash == null || hash.isEmpty()) {
      return Optional.empty();
    }
    Optional<OwnerReference> controller =
        metadata.getOwnerReferences().stream()
            .filter(owner -> Boolean.TRUE.equals(owner.getController()))
            .findFirst();
    if (controller.isEmpty()
        || !"ReplicaSet".equals(controller.get().getKind())
        || controller.get().getApiVersion() == null
        || !controller.get().getApiVersion().startsWith("apps/")
        || controller.get().getName() == null) {
      return Optional.empty();
    }
    String replicaSet = controller.get().getName();
    String suffix = "-" + hash;
    if (!replicaSet.endsWith(suffix) || replicaSet.length() == suffix.length()) {
      return Optional.empty();
    }
    return Optional.of(replicaSet.substring(0, replicaSet.length() - suffix.length()));
  }

  /**
   * The pods the Deployment's selector ({@code matchLabels}) selects, by name: the owner chain
   * found them, the selector makes sure none of another ReplicaSet that happens to be named like
   * the Deployment's is counted. None when the Deployment has no {@code matchLabels}.
   */
  static List<Pod> selectedBy(Deployment deployment, Collection<Pod> pods) {
    var selector = deployment.getSpec() == null ? null : deployment.getSpec().getSelector();
    if (selector == null
        || selector.getMatchLabels() == null
        || selector.getMatchLabels().isEmpty()) {
      return List.of();
    }
    Map<String, String> wanted = selector.getMatchLabels();
    return pods.stream()
        .filter(
            pod ->
                pod.getMetadata() != null
                    && pod.getMetadata().getLabels() != null
                    && pod.getMetadata().getLabels().entrySet().containsAll(wanted.entrySet()))
        .sorted(Comparator.comparing(pod -> pod.getMetadata().getName()))
        .toList();
  }

  /**
   * Whether an update changed the object's spec: {@code metadata.generation} moves with spec
   * changes (replicas, the pod template) and stays put when only the status or the metadata
   * changed. When either generation is unknown this says yes, so a change is never missed.
   */
  static boolean specChanged(HasMetadata before, HasMetadata after) {
    Long was = before.getMetadata() == null ? null : before.getMetadata().getGeneration();
    Long is = after.getMetadata() == null ? null : after.getMetadata().getGeneration();
    return was == null || is == null || !Objects.equals(was, is);
  }

  /**
   * Whether an update of the target asks for an evaluation at once: its spec changed, and not only
   * in the replica count to the count Headroom itself last applied: its own scale tells the engine
   * nothing it did not decide, and evaluating on it would query Prometheus and write the status
   * again a second after the decision. (That such an evaluation once started from a cached status
   * older than the write, and scaled 5 → 10 within a second on real pods, is {@link
   * WrittenStatuses}'s to prevent, for every trigger.) Anyone else's change of the count (the HPA,
   * {@code kubectl scale}, a GitOps sync) still triggers.
   *
   * @param ownReplicas the count this operator last applied to the target, null if none
   */
  static boolean targetChanged(Deployment before, Deployment after, Integer ownReplicas) {
    if (!specChanged(before, after)) {
      return false;
    }
    boolean toOwnCount =
        ownReplicas != null
            && after.getSpec() != null
            && ownReplicas.equals(after.getSpec().getReplicas());
    return !(toOwnCount && onlyReplicasChanged(before, after));
  }

  private static boolean onlyReplicasChanged(Deployment before, Deployment after) {
    DeploymentSpec was = before.getSpec();
    DeploymentSpec is = after.getSpec();
    return was != null
        && is != null
        && !Objects.equals(was.getReplicas(), is.getReplicas())
        && withoutReplicas(was).equals(withoutReplicas(is));
  }

  /** The spec but its replica count: what a scale leaves as it was. */
  static DeploymentSpec withoutReplicas(DeploymentSpec spec) {
    return new DeploymentSpecBuilder(spec).withReplicas(null).build();
  }

  /**
   * Whether a container of the pod was OOM-killed between the two versions: its restart count rose
   * and its last termination was an OOM kill. The memory decision should not wait for the next
   * evaluation while the container is killed over and over.
   */
  static boolean newOomKill(Pod before, Pod after) {
    Map<String, Integer> restartsBefore = new HashMap<>();
    for (ContainerStatus status : containerStatuses(before)) {
      restartsBefore.put(status.getName(), restarts(status));
    }
    for (ContainerStatus status : containerStatuses(after)) {
      ContainerStateTerminated last =
          status.getLastState() == null ? null : status.getLastState().getTerminated();
      if (last != null
          && OomKills.OOM_KILLED.equals(last.getReason())
          && restarts(status) > restartsBefore.getOrDefault(status.getName(), 0)) {
        return true;
      }
    }
    return false;
  }

  private static List<ContainerStatus> containerStatuses(Pod pod) {
    return pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null
        ? List.of()
        : pod.getStatus().getContainerStatuses();
  }

  private static int restarts(ContainerStatus status) {
    return status.getRestartCount() == null ? 0 : status.getRestartCount();
  }
}
