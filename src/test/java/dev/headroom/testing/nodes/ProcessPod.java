package dev.headroom.testing.nodes;

import dev.headroom.testing.process.Cgroups;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A pod on a process-backed node: one {@link ProcessContainer} per container, and the status a
 * kubelet would report for them — Running and Ready from the real processes and probes, a container
 * in crash back-off {@code waiting: CrashLoopBackOff} with its last exit in {@code lastState}
 * ({@code OOMKilled}, exit code 137, when the cgroup counted an OOM kill), and a pod whose image no
 * program stands for {@code Pending} with {@code ErrImagePull}.
 */
final class ProcessPod implements AutoCloseable {
  private final String podIp;
  private final Instant started;
  private final Map<String, ProcessContainer> containers = new LinkedHashMap<>();
  private final Optional<String> imageFailure;

  ProcessPod(Pod pod, String podIp, Cgroups cgroups, Path logDir, Instant now) {
    this.podIp = podIp;
    this.started = now;
    Optional<String> failure = Optional.empty();
    for (Container c : pod.getSpec().getContainers()) {
      Optional<List<String>> command = ImageTable.command(c);
      if (command.isEmpty()) {
        failure = Optional.of(ImageTable.pullError(c));
        break;
      }
      String id = pod.getMetadata().getUid() + "-" + c.getName();
      containers.put(
          c.getName(),
          new ProcessContainer(
              cgroups,
              id,
              c,
              podIp,
              command.get(),
              logDir.resolve(
                  pod.getMetadata().getNamespace()
                      + "_"
                      + pod.getMetadata().getName()
                      + "_"
                      + c.getName()
                      + ".log")));
    }
    this.imageFailure = failure;
    if (failure.isPresent()) {
      close();
      containers.clear();
    }
  }

  String podIp() {
    return podIp;
  }

  /** What has run so far, in the fake agent's terms; empty before anything started. */
  Optional<PodRun> run() {
    Map<String, PodRun.ContainerRun> runs = new LinkedHashMap<>();
    containers.forEach((name, c) -> c.run().ifPresent(r -> runs.put(name, r)));
    return runs.isEmpty()
        ? Optional.empty()
        : Optional.of(new PodRun(started, Optional.of(started), podIp, runs));
  }

  /**
   * What a status write would change that matters: phase, readiness, restarts and states. Equal
   * signatures mean the apiserver already has it.
   */
  static String signature(PodStatus status) {
    if (status == null || status.getContainerStatuses() == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(String.valueOf(status.getPhase()));
    for (ContainerStatus c : status.getContainerStatuses()) {
      out.append('|')
          .append(c.getName())
          .append(c.getReady())
          .append(c.getRestartCount())
          .append(c.getState() == null ? "" : c.getState().getRunning() != null ? "R" : "W")
          .append(c.getResources());
    }
    return out.toString();
  }

  Map<String, ProcessContainer> containers() {
    return containers;
  }

  void sync(Pod pod, Instant now) {
    for (Container c : pod.getSpec().getContainers()) {
      ProcessContainer container = containers.get(c.getName());
      if (container != null) {
        container.sync(c, now);
      }
    }
  }

  PodStatus status(Pod pod, String hostIp) {
    String since = started.toString();
    PodStatus previous = pod.getStatus() == null ? new PodStatus() : pod.getStatus();
    if (imageFailure.isPresent()) {
      List<ContainerStatus> waiting = new ArrayList<>();
      for (Container c : pod.getSpec().getContainers()) {
        waiting.add(
            new ContainerStatusBuilder()
                .withName(c.getName())
                .withImage(c.getImage())
                .withImageID("")
                .withReady(false)
                .withStarted(false)
                .withRestartCount(0)
                .withState(waiting("ErrImagePull", imageFailure.get()))
                .build());
      }
      return new PodStatusBuilder(previous)
          .withPhase("Pending")
          .withHostIP(hostIp)
          .withConditions(
              PodStatuses.condition("Initialized", "True", since, null),
              PodStatuses.condition("Ready", "False", since, "ContainersNotReady"),
              PodStatuses.condition("ContainersReady", "False", since, "ContainersNotReady"),
              PodStatuses.condition("PodScheduled", "True", since, null))
          .withContainerStatuses(waiting)
          .build();
    }
    boolean allReady = true;
    List<ContainerStatus> statuses = new ArrayList<>();
    for (Container c : pod.getSpec().getContainers()) {
      ProcessContainer container = containers.get(c.getName());
      allReady &= container.ready();
      statuses.add(status(pod, c, container));
    }
    String ready = allReady ? "True" : "False";
    List<PodCondition> conditions =
        List.of(
            PodStatuses.condition("Initialized", "True", since, null),
            PodStatuses.condition("Ready", ready, since, allReady ? null : "ContainersNotReady"),
            PodStatuses.condition(
                "ContainersReady", ready, since, allReady ? null : "ContainersNotReady"),
            PodStatuses.condition("PodScheduled", "True", since, null));
    return new PodStatusBuilder(previous)
        .withPhase("Running")
        .withHostIP(hostIp)
        .withPodIP(podIp)
        .withPodIPs(new PodIP(podIp))
        .withStartTime(since)
        .withConditions(conditions)
        .withContainerStatuses(statuses)
        .build();
  }

  private static ContainerStatus status(Pod pod, Container spec, ProcessContainer container) {
    PodRun.ContainerRun run = container.run().orElseThrow();
    ContainerStatusBuilder status =
        PodStatuses.baseStatus(pod, spec, "process", run.restarts())
            .withReady(container.ready())
            .withStarted(container.running())
            .withState(
                container.running()
                    ? new ContainerStateBuilder()
                        .withNewRunning()
                        .withStartedAt(run.startedAt().toString())
                        .endRunning()
                        .build()
                    : waiting(
                        "CrashLoopBackOff",
                        "back-off restarting failed container " + spec.getName()));
    container
        .lastExit()
        .ifPresent(
            exit ->
                status.withLastState(
                    new ContainerStateBuilder()
                        .withNewTerminated()
                        .withReason(exit.oomKilled() ? PodStatuses.OOM_KILLED : "Error")
                        .withExitCode(exit.exitCode())
                        .withStartedAt(run.previousStart().orElse(run.startedAt()).toString())
                        .withFinishedAt(exit.at().toString())
                        .endTerminated()
                        .build()));
    return status.build();
  }

  private static ContainerState waiting(String reason, String message) {
    return new ContainerStateBuilder()
        .withNewWaiting()
        .withReason(reason)
        .withMessage(message)
        .endWaiting()
        .build();
  }

  @Override
  public void close() {
    containers.values().forEach(ProcessContainer::close);
  }
}
