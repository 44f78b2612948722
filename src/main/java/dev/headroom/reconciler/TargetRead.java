package dev.headroom.reconciler;

import dev.headroom.actuation.OomKills;
import dev.headroom.actuation.ScalableResource;
import dev.headroom.actuation.TargetReading;
import dev.headroom.actuation.TemplateAccess;
import dev.headroom.actuation.Workload;
import dev.headroom.actuation.WorkloadLookup;
import dev.headroom.engine.PodStartup;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What one evaluation read of its policy's target: a Deployment from the informer caches, or a
 * workload of another kind read from the apiserver ({@link dev.headroom.actuation.Workloads}).
 *
 * @param snapshot the target as the engine sees it, before its pods are read; empty when absent
 * @param object the object, for the Events recorded on it
 * @param resource its kind's resource, which decides how it is changed
 * @param absent why there is no target, when the lookup could tell more than "not found"
 * @param pods its pods, read when the evaluation needs them
 * @param withPods the snapshot once the pods are read (ready pods, OOM kills)
 * @param rolloutWaits why a change of its pod template reaches no pod by itself, if so
 * @param templateAccess how its pod template may be changed: its kind's way, or none
 */
record TargetRead(
    Optional<TargetSnapshot> snapshot,
    Optional<HasMetadata> object,
    ScalableResource resource,
    Optional<WorkloadLookup.Absent> absent,
    Supplier<List<Pod>> pods,
    PodsToSnapshot withPods,
    Optional<String> rolloutWaits,
    TemplateAccess templateAccess) {

  /** The snapshot with what the pods say. */
  interface PodsToSnapshot {
    TargetSnapshot apply(List<Pod> pods, Instant now);
  }

  TargetSnapshot withPods(List<Pod> read, Instant now) {
    return withPods.apply(read, now);
  }

  /** A Deployment from the caches; its pods are those of the cache its selector selects. */
  static TargetRead deployment(Optional<Deployment> deployment, Supplier<List<Pod>> cachedPods) {
    return new TargetRead(
        deployment.map(PerformancePolicyReconciler::snapshot),
        deployment.map(d -> d),
        ScalableResource.DEPLOYMENT,
        Optional.empty(),
        cachedPods,
        (pods, now) -> PerformancePolicyReconciler.snapshot(deployment.orElseThrow(), pods, now),
        Optional.empty(),
        TemplateAccess.SERVER_SIDE_APPLY);
  }

  /** A workload of another kind, with its pods as listed by its scale's selector. */
  static TargetRead workload(WorkloadLookup lookup, Supplier<List<Pod>> podsOf, Instant now) {
    if (lookup instanceof WorkloadLookup.Absent absent) {
      return new TargetRead(
          Optional.empty(),
          Optional.empty(),
          ScalableResource.DEPLOYMENT,
          Optional.of(absent),
          List::of,
          (pods, at) -> {
            throw new IllegalStateException("no target");
          },
          Optional.empty(),
          TemplateAccess.NONE);
    }
    Workload workload = ((WorkloadLookup.Found) lookup).workload();
    List<Pod> pods = podsOf.get();
    return new TargetRead(
        Optional.of(snapshot(workload, pods, now)),
        Optional.of(workload.object()),
        workload.resource(),
        Optional.empty(),
        () -> pods,
        (read, at) -> snapshot(workload, read, at),
        workload.templateChangeWaits(),
        workload.templateAccess());
  }

  /**
   * A workload's snapshot: Ready pods as its status counts them, or as counted among its pods when
   * its kind keeps no such count; containers from its pod template, or from a running pod where
   * Headroom knows no template.
   */
  static TargetSnapshot snapshot(Workload workload, List<Pod> pods, Instant now) {
    List<Pod> live =
        pods.stream().filter(p -> p.getMetadata().getDeletionTimestamp() == null).toList();
    int ready =
        workload
            .statusReadyReplicas()
            .orElse((int) live.stream().filter(TargetRead::ready).count());
    Map<String, dev.headroom.engine.ContainerResources> containers =
        workload.template().isPresent()
            ? workload.templateResources()
            : live.stream().findFirst().map(TargetReading::podResources).orElse(Map.of());
    return new TargetSnapshot(
        workload.resource().kind(),
        workload.namespace(),
        workload.name(),
        workload.specReplicas(),
        ready,
        containers,
        OomKills.recent(
            atTemplate(pods, workload.templateResources()),
            now.minus(PerformancePolicyReconciler.OOM_LOOKBACK),
            now),
        MissingDataGrace.timestamp(workload.object().getMetadata().getCreationTimestamp()),
        workload.startsPodsInOrder() ? PodStartup.ORDERED : PodStartup.PARALLEL);
  }

  /**
   * The pods that run the template's current memory limits. A StatefulSet replaces its pods one at
   * a time (or only when deleted), a ReplicaSet never: an old pod killed at the limit Headroom has
   * since raised says nothing new, and counting its kills would raise the limit again and again.
   */
  static List<Pod> atTemplate(
      List<Pod> pods, Map<String, dev.headroom.engine.ContainerResources> template) {
    if (template.isEmpty()) {
      return pods;
    }
    return pods.stream()
        .filter(
            pod ->
                TargetReading.podResources(pod).entrySet().stream()
                    .allMatch(
                        c ->
                            !template.containsKey(c.getKey())
                                || template.get(c.getKey()).memoryLimitBytes()
                                    == c.getValue().memoryLimitBytes()))
        .toList();
  }

  private static boolean ready(Pod pod) {
    return pod.getStatus() != null
        && pod.getStatus().getConditions() != null
        && pod.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }
}
