package dev.headroom.testing.nodes;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The pod status a kubelet would report for a {@link PodRun}: phase Running, conditions, podIP and
 * one status per container. A container the memory model OOM-kills is never Ready and shows the
 * last kill in {@code lastState} with the kubelet's reason {@code OOMKilled} and exit code 137 (128
 * + SIGKILL). Pure, so it is unit-tested without a cluster.
 *
 * <p>The kubelet's part of an in-place resize (1.33+): a resize the node can hold is applied at
 * once (a fake node always has the room it says it has) and the container status reports the new
 * resources; one whose requests exceed the node's allocatable is not applied, the container status
 * keeps the old resources, and the pod carries {@code PodResizePending} with reason {@code
 * Infeasible} and the kubelet's message, until the spec asks for something that fits.
 */
final class PodStatuses {
  static final String OOM_KILLED = "OOMKilled";
  static final int SIGKILL_EXIT_CODE = 137;

  private PodStatuses() {}

  /** The run after the containers start. */
  static PodRun start(Pod pod, PodRun run, Instant now, String podIp) {
    Map<String, PodRun.ContainerRun> containers = new HashMap<>();
    for (Container c : pod.getSpec().getContainers()) {
      containers.put(c.getName(), PodRun.ContainerRun.first(now));
    }
    return new PodRun(run.seen(), Optional.of(now), podIp, containers);
  }

  /** The run after the kernel killed these containers and the kubelet restarted them. */
  static PodRun restart(PodRun run, Set<String> killed, Instant now) {
    Map<String, PodRun.ContainerRun> containers = new HashMap<>(run.containers());
    for (String name : killed) {
      containers.computeIfPresent(name, (n, c) -> c.restarted(now));
    }
    return new PodRun(run.seen(), run.started(), run.podIp(), containers);
  }

  static final String RESIZE_PENDING = "PodResizePending";
  static final String INFEASIBLE = "Infeasible";

  static PodStatus status(
      Pod pod,
      PodRun run,
      Set<String> oomKilled,
      String hostIp,
      Map<String, Quantity> allocatable) {
    String started = run.started().orElseThrow().toString();
    Optional<String> infeasible =
        runsWithOtherResources(pod) ? infeasible(pod, allocatable) : Optional.empty();
    List<ContainerStatus> containers = new ArrayList<>();
    boolean allReady = true;
    for (Container c : pod.getSpec().getContainers()) {
      PodRun.ContainerRun container = run.containers().get(c.getName());
      boolean ready = !oomKilled.contains(c.getName());
      allReady &= ready;
      ContainerStatus status = containerStatus(pod, c, container, ready);
      if (infeasible.isPresent()) {
        previousStatus(pod, c.getName())
            .ifPresent(
                previous -> {
                  status.setResources(previous.getResources());
                  status.setAllocatedResources(previous.getAllocatedResources());
                });
      }
      containers.add(status);
    }
    List<PodCondition> conditions = new ArrayList<>();
    String ready = allReady ? "True" : "False";
    conditions.add(condition("Initialized", "True", started, null));
    conditions.add(condition("Ready", ready, started, allReady ? null : "ContainersNotReady"));
    conditions.add(
        condition("ContainersReady", ready, started, allReady ? null : "ContainersNotReady"));
    conditions.add(condition("PodScheduled", "True", started, null));
    infeasible.ifPresent(
        message -> {
          PodCondition pending =
              condition(RESIZE_PENDING, "True", Instant.now().toString(), INFEASIBLE);
          pending.setMessage(message);
          conditions.add(pending);
        });
    PodStatus previous = pod.getStatus() == null ? new PodStatus() : pod.getStatus();
    return new PodStatusBuilder(previous)
        .withPhase("Running")
        .withHostIP(hostIp)
        .withPodIP(run.podIp())
        .withPodIPs(new PodIP(run.podIp()))
        .withStartTime(started)
        .withConditions(conditions)
        .withContainerStatuses(containers)
        .withMessage(null)
        .withReason(null)
        .build();
  }

  private static ContainerStatus containerStatus(
      Pod pod, Container spec, PodRun.ContainerRun run, boolean ready) {
    ContainerStatusBuilder status =
        baseStatus(pod, spec, "fake-node", run.restarts())
            .withReady(ready)
            .withStarted(true)
            .withState(
                new ContainerStateBuilder()
                    .withNewRunning()
                    .withStartedAt(run.startedAt().toString())
                    .endRunning()
                    .build());
    run.previousStart()
        .ifPresent(
            previousStart -> status.withLastState(oomKilledState(previousStart, run.startedAt())));
    return status.build();
  }

  /**
   * What every container status says whatever its state: name, image, an ID per run, and — the
   * kubelet's part of a resize — the resources it runs with (as 1.33+ kubelets report them).
   */
  static ContainerStatusBuilder baseStatus(Pod pod, Container spec, String runtime, int restarts) {
    return new ContainerStatusBuilder()
        .withName(spec.getName())
        .withImage(spec.getImage())
        .withImageID(runtime + "://" + spec.getImage())
        .withContainerID(
            runtime + "://" + pod.getMetadata().getUid() + "/" + spec.getName() + "/" + restarts)
        .withResources(resourcesOf(spec))
        .withAllocatedResources(
            spec.getResources() == null || spec.getResources().getRequests() == null
                ? Map.of()
                : spec.getResources().getRequests())
        .withRestartCount(restarts);
  }

  static ResourceRequirements resourcesOf(Container spec) {
    ResourceRequirements wanted = spec.getResources();
    return new ResourceRequirementsBuilder()
        .withRequests(
            wanted == null || wanted.getRequests() == null ? Map.of() : wanted.getRequests())
        .withLimits(wanted == null || wanted.getLimits() == null ? Map.of() : wanted.getLimits())
        .build();
  }

  /**
   * Whether the kubelet has a resize to act on: a container runs with other resources than its spec
   * asks, and the pod does not already say that exactly this resize is infeasible.
   */
  static boolean resizePending(Pod pod, Map<String, Quantity> allocatable) {
    if (!runsWithOtherResources(pod)) {
      return false;
    }
    Optional<String> infeasible = infeasible(pod, allocatable);
    return infeasible.isEmpty()
        || pod.getStatus().getConditions() == null
        || pod.getStatus().getConditions().stream()
            .noneMatch(
                c -> RESIZE_PENDING.equals(c.getType()) && infeasible.get().equals(c.getMessage()));
  }

  /**
   * The kubelet's refusal of a resize whose requests the node could never hold, in its words; empty
   * when the node can.
   */
  static Optional<String> infeasible(Pod pod, Map<String, Quantity> allocatable) {
    for (String resource : List.of("cpu", "memory")) {
      Quantity capacity = allocatable.get(resource);
      if (capacity == null) {
        continue;
      }
      BigDecimal requested = BigDecimal.ZERO;
      for (Container c : pod.getSpec().getContainers()) {
        if (c.getResources() != null
            && c.getResources().getRequests() != null
            && c.getResources().getRequests().get(resource) != null) {
          requested =
              requested.add(
                  Quantity.getAmountInBytes(c.getResources().getRequests().get(resource)));
        }
      }
      BigDecimal available = Quantity.getAmountInBytes(capacity);
      if (requested.compareTo(available) > 0) {
        BigDecimal scale = "cpu".equals(resource) ? BigDecimal.valueOf(1000) : BigDecimal.ONE;
        return Optional.of(
            "Node didn't have enough capacity: %s, requested: %d, capacity: %d"
                .formatted(
                    resource,
                    requested.multiply(scale).longValue(),
                    available.multiply(scale).longValue()));
      }
    }
    return Optional.empty();
  }

  private static Optional<ContainerStatus> previousStatus(Pod pod, String container) {
    if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
      return Optional.empty();
    }
    return pod.getStatus().getContainerStatuses().stream()
        .filter(s -> container.equals(s.getName()) && s.getResources() != null)
        .findFirst();
  }

  /** Whether a container runs with other resources than its spec asks. */
  private static boolean runsWithOtherResources(Pod pod) {
    if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
      return false;
    }
    for (Container spec : pod.getSpec().getContainers()) {
      for (ContainerStatus status : pod.getStatus().getContainerStatuses()) {
        if (status.getName().equals(spec.getName())
            && status.getResources() != null
            && !status.getResources().equals(resourcesOf(spec))) {
          return true;
        }
      }
    }
    return false;
  }

  private static ContainerState oomKilledState(Instant startedAt, Instant finishedAt) {
    return new ContainerStateBuilder()
        .withNewTerminated()
        .withReason(OOM_KILLED)
        .withExitCode(SIGKILL_EXIT_CODE)
        .withStartedAt(startedAt.toString())
        .withFinishedAt(finishedAt.toString())
        .endTerminated()
        .build();
  }

  static PodCondition condition(String type, String status, String since, String reason) {
    return new PodConditionBuilder()
        .withType(type)
        .withStatus(status)
        .withLastTransitionTime(since)
        .withReason(reason)
        .build();
  }
}
