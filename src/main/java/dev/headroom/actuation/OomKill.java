package dev.headroom.actuation;

import java.time.Instant;

/**
 * One OOM kill of a container, as its pod's {@code lastState.terminated} shows it. Two sightings of
 * the same kill (the next evaluation, another read of the same pod) are equal: a kill is the pod,
 * the container and the time it ended; {@code restartCount} only stands in for the time when the
 * kubelet gave none.
 *
 * @param podUid the pod's UID (names are reused by StatefulSets and by recreated pods)
 * @param container the container's name
 * @param finishedAt when the container was killed; null when the status had no time
 * @param restartCount the container's restart count when seen, identifying a kill without a time
 */
public record OomKill(String podUid, String container, Instant finishedAt, int restartCount) {
  @Override
  public boolean equals(Object o) {
    return o instanceof OomKill k
        && podUid.equals(k.podUid)
        && container.equals(k.container)
        && (finishedAt == null
            ? k.finishedAt == null && restartCount == k.restartCount
            : finishedAt.equals(k.finishedAt));
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(
        podUid, container, finishedAt == null ? restartCount : finishedAt);
  }
}
