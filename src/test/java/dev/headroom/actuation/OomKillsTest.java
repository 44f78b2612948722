package dev.headroom.actuation;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OomKillsTest {
  private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");

  private static Pod pod(String uid, String appReason, String finishedAt, int restarts) {
    return Models.pod(
        """
        apiVersion: v1
        kind: Pod
        metadata: {name: web-%1$s, namespace: ns, uid: %1$s}
        status:
          phase: Running
          containerStatuses:
            - name: app
              restartCount: %4$d
              state: {running: {startedAt: "2026-01-01T11:59:59Z"}}
              lastState:
                terminated: {reason: %2$s, exitCode: 137, finishedAt: "%3$s"}
            - name: sidecar
              restartCount: 0
              state: {running: {startedAt: "2026-01-01T11:00:00Z"}}
        """
            .formatted(uid, appReason, finishedAt, restarts));
  }

  @Test
  void onlyOomKilledLastStatesCountPerContainerInTimeOrder() {
    var pods =
        List.of(
            pod("b", "OOMKilled", "2026-01-01T11:58:00Z", 2),
            pod("a", "OOMKilled", "2026-01-01T11:50:00Z", 1),
            pod("c", "Error", "2026-01-01T11:55:00Z", 1));

    Map<String, List<Instant>> kills = OomKills.recent(pods, NOW.minusSeconds(3600), NOW);

    assertThat(kills)
        .containsOnlyKeys("app")
        .containsEntry(
            "app",
            List.of(Instant.parse("2026-01-01T11:50:00Z"), Instant.parse("2026-01-01T11:58:00Z")));
  }

  @Test
  void killsBeforeTheWindowAreLeftOut() {
    var pods = List.of(pod("a", "OOMKilled", "2026-01-01T10:00:00Z", 1));
    assertThat(OomKills.recent(pods, NOW.minusSeconds(600), NOW)).isEmpty();
  }

  @Test
  void theSameKillSeenTwiceCountsOnceAndANewKillOfTheSamePodCountsAgain() {
    Set<OomKill> ledger = new HashSet<>();
    ledger.addAll(OomKills.seen(List.of(pod("a", "OOMKilled", "2026-01-01T11:50:00Z", 1))));
    // The next evaluation sees the same pod unchanged, and the same kill through a second read.
    ledger.addAll(
        OomKills.seen(
            List.of(
                pod("a", "OOMKilled", "2026-01-01T11:50:00Z", 1),
                pod("a", "OOMKilled", "2026-01-01T11:50:00Z", 1))));
    assertThat(ledger).hasSize(1);
    // Killed again: a new finish time and restart count.
    ledger.addAll(OomKills.seen(List.of(pod("a", "OOMKilled", "2026-01-01T11:52:00Z", 2))));

    assertThat(OomKills.byContainer(ledger, NOW.minusSeconds(3600), NOW).get("app"))
        .containsExactly(
            Instant.parse("2026-01-01T11:50:00Z"), Instant.parse("2026-01-01T11:52:00Z"));
  }

  @Test
  void withoutAFinishTimeTheRestartCountIdentifiesTheKillAndTheObservationTimesIt() {
    Set<OomKill> ledger = new HashSet<>();
    ledger.addAll(OomKills.seen(List.of(pod("a", "OOMKilled", "", 3))));
    ledger.addAll(OomKills.seen(List.of(pod("a", "OOMKilled", "", 3))));
    ledger.addAll(OomKills.seen(List.of(pod("a", "OOMKilled", "", 4))));
    assertThat(ledger).hasSize(2);
    assertThat(OomKills.byContainer(ledger, NOW.minusSeconds(60), NOW).get("app"))
        .containsExactly(NOW, NOW);
  }

  @Test
  void podsWithoutStatusesAreSkipped() {
    var pending =
        Models.pod(
            """
            apiVersion: v1
            kind: Pod
            metadata: {name: p, namespace: ns, uid: u}
            status: {phase: Pending}
            """);
    assertThat(OomKills.seen(List.of(pending))).isEmpty();
  }
}
