package dev.headroom.actuation;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Recent OOM kills per container, from the pods' {@code status.containerStatuses[].lastState}.
 *
 * <p>A pod shows only its containers' last termination, so a reader that looks every evaluation
 * sees the same kill again and again, and misses kills between two looks when a container is killed
 * twice in between. {@link #seen} gives the kills visible now as {@link OomKill}s, which are equal
 * when they are the same kill; a caller that keeps the ones it saw (e.g. in status) adds the new
 * ones to that set and counts each kill once; {@link #byContainer} turns any collection of them
 * into the engine's {@code Map<String, List<Instant>>}. Pure.
 */
public final class OomKills {
  public static final String OOM_KILLED = "OOMKilled";

  private OomKills() {}

  /** The OOM kills the pods show now, each once. */
  public static Set<OomKill> seen(Collection<Pod> pods) {
    Set<OomKill> kills = new LinkedHashSet<>();
    for (Pod pod : pods) {
      if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
        continue;
      }
      String uid =
          pod.getMetadata().getUid() != null
              ? pod.getMetadata().getUid()
              : pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
      for (ContainerStatus status : pod.getStatus().getContainerStatuses()) {
        ContainerStateTerminated last =
            status.getLastState() == null ? null : status.getLastState().getTerminated();
        if (last != null && OOM_KILLED.equals(last.getReason())) {
          int restarts = status.getRestartCount() == null ? 0 : status.getRestartCount();
          kills.add(new OomKill(uid, status.getName(), time(last.getFinishedAt()), restarts));
        }
      }
    }
    return kills;
  }

  /**
   * The kills at or after {@code since}, by container name, each list in time order, each kill
   * once. A kill without a time counts as at {@code observedAt}.
   */
  public static Map<String, List<Instant>> byContainer(
      Collection<OomKill> kills, Instant since, Instant observedAt) {
    Map<String, List<Instant>> out = new TreeMap<>();
    for (OomKill kill : new LinkedHashSet<>(kills)) {
      Instant at = kill.finishedAt() == null ? observedAt : kill.finishedAt();
      if (!at.isBefore(since)) {
        out.computeIfAbsent(kill.container(), c -> new ArrayList<>()).add(at);
      }
    }
    out.replaceAll((c, times) -> times.stream().sorted().toList());
    return java.util.Collections.unmodifiableMap(out);
  }

  /** {@link #seen} then {@link #byContainer}: the recent kills the pods show now. */
  public static Map<String, List<Instant>> recent(
      Collection<Pod> pods, Instant since, Instant observedAt) {
    return byContainer(seen(pods), since, observedAt);
  }

  private static Instant time(String rfc3339) {
    if (rfc3339 == null || rfc3339.isEmpty()) {
      return null;
    }
    try {
      return Instant.parse(rfc3339);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
