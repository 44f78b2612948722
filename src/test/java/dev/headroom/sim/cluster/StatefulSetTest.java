package dev.headroom.sim.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headroom.sim.Resources;
import dev.headroom.sim.WorkloadKind;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The StatefulSet controller's ordering: OrderedReady one pod at a time, Parallel together. */
class StatefulSetTest {
  private static final long MI = 1L << 20;
  private static final Resources SMALL = new Resources(500, 1000, 256 * MI, 512 * MI);
  private static final Resources LARGE = new Resources(1000, 2000, 512 * MI, 1024 * MI);
  private static final int STARTUP = 20;

  private static StatefulSet ordered(int replicas) {
    return statefulSet(replicas, true);
  }

  private static StatefulSet statefulSet(int replicas, boolean orderedReady) {
    return new StatefulSet(
        SMALL,
        replicas,
        orderedReady,
        new Workload.PodStartup(STARTUP, 0, new SplittableRandom(1)),
        100 * MI,
        4);
  }

  @Test
  void initialPodsAreReadyAtTheStartAndNamedByOrdinal() {
    StatefulSet set = ordered(3);
    set.reconcile(0);
    assertThat(names(set.readyPods())).containsExactly("pod-0", "pod-1", "pod-2");
    assertThat(set.kind()).isEqualTo(WorkloadKind.STATEFUL_SET_ORDERED_READY);
    assertThat(statefulSet(1, false).kind()).isEqualTo(WorkloadKind.STATEFUL_SET_PARALLEL);
  }

  @Test
  void orderedReadyCreatesEachPodOnlyOnceThePodBeforeItIsReady() {
    StatefulSet set = ordered(2);
    set.reconcile(0);
    set.scale(5);
    List<Integer> readyAt = new ArrayList<>();
    int ready = 2;
    for (int second = 10; second <= 10 + 4 * STARTUP; second++) {
      set.reconcile(second);
      // Never more than one pod starting.
      assertThat(set.pods().size() - set.readyPods().size())
          .as("pods starting at %d", second)
          .isLessThanOrEqualTo(1);
      if (set.readyPods().size() > ready) {
        ready = set.readyPods().size();
        readyAt.add(second);
      }
    }
    // Pod 2 created at 10, Ready at 30; pod 3 created then, Ready at 50; pod 4 at 70.
    assertThat(readyAt).containsExactly(10 + STARTUP, 10 + 2 * STARTUP, 10 + 3 * STARTUP);
    assertThat(names(set.pods())).containsExactly("pod-0", "pod-1", "pod-2", "pod-3", "pod-4");
    assertThat(set.pods().stream().map(Pod::createdSecond).toList())
        .containsExactly(-STARTUP, -STARTUP, 10, 10 + STARTUP, 10 + 2 * STARTUP);
  }

  @Test
  void parallelCreatesEveryMissingPodAtOnce() {
    StatefulSet set = statefulSet(2, false);
    set.reconcile(0);
    set.scale(5);
    set.reconcile(10);
    assertThat(set.pods()).hasSize(5);
    set.reconcile(10 + STARTUP - 1);
    assertThat(set.readyPods()).hasSize(2);
    set.reconcile(10 + STARTUP);
    assertThat(set.readyPods()).hasSize(5);
  }

  @Test
  void orderedReadyScalesDownFromTheHighestOrdinalOnePodAtATime() {
    StatefulSet set = ordered(5);
    set.reconcile(0);
    set.scale(2);
    set.reconcile(1);
    assertThat(names(set.pods())).containsExactly("pod-0", "pod-1", "pod-2", "pod-3");
    set.reconcile(2);
    assertThat(names(set.pods())).containsExactly("pod-0", "pod-1", "pod-2");
    set.reconcile(3);
    assertThat(names(set.pods())).containsExactly("pod-0", "pod-1");
    set.reconcile(4);
    assertThat(names(set.pods())).containsExactly("pod-0", "pod-1");
  }

  @Test
  void parallelScalesDownFromTheHighestOrdinalAtOnce() {
    StatefulSet set = statefulSet(5, false);
    set.reconcile(0);
    set.scale(2);
    set.reconcile(1);
    assertThat(names(set.pods())).containsExactly("pod-0", "pod-1");
  }

  @Test
  void aPodStillStartingIsTheFirstToGoAndThoseNotYetCreatedNeverCome() {
    StatefulSet set = ordered(2);
    set.reconcile(0);
    set.scale(6);
    set.reconcile(1); // pod-2 starting
    set.reconcile(1 + STARTUP); // pod-2 Ready, pod-3 starting
    assertThat(names(set.pods())).containsExactly("pod-0", "pod-1", "pod-2", "pod-3");
    set.scale(3);
    set.reconcile(2 + STARTUP);
    // pod-3 is not Ready but it is the lowest pod that is not: it may go first.
    assertThat(names(set.pods())).containsExactly("pod-0", "pod-1", "pod-2");
    for (int second = 3 + STARTUP; second < 5 * STARTUP; second++) {
      set.reconcile(second);
    }
    assertThat(names(set.readyPods())).containsExactly("pod-0", "pod-1", "pod-2");
  }

  @Test
  void orderedReadyWaitsWhileAPodIsNotReadyInBothDirections() {
    StatefulSet set = ordered(3);
    set.reconcile(0);
    Pod first = set.pods().get(0);
    set.oomKill(first, 5); // restarts at once, Ready again at 25
    set.scale(5);
    for (int second = 5; second < 5 + STARTUP; second++) {
      set.reconcile(second);
      assertThat(set.pods()).as("no pod created at %d", second).hasSize(3);
    }
    set.reconcile(5 + STARTUP);
    assertThat(first.ready()).isTrue();
    assertThat(names(set.pods())).containsExactly("pod-0", "pod-1", "pod-2", "pod-3");

    StatefulSet shrinking = ordered(3);
    shrinking.reconcile(0);
    shrinking.oomKill(shrinking.pods().get(0), 5);
    shrinking.scale(2);
    for (int second = 5; second < 5 + STARTUP; second++) {
      shrinking.reconcile(second);
      // pod-0, which stays, is not Ready: nothing is deleted until it is.
      assertThat(shrinking.pods()).as("pods at %d", second).hasSize(3);
    }
    shrinking.reconcile(5 + STARTUP);
    assertThat(names(shrinking.pods())).containsExactly("pod-0", "pod-1");
  }

  @Test
  void parallelCreatesPastAPodThatIsNotReady() {
    StatefulSet set = statefulSet(3, false);
    set.reconcile(0);
    set.oomKill(set.pods().get(0), 5);
    set.scale(5);
    set.reconcile(6);
    assertThat(set.pods()).hasSize(5);
  }

  @Test
  void aNewTemplateRollsOnePodAtATimeFromTheHighestOrdinal() {
    for (boolean orderedReady : new boolean[] {true, false}) {
      StatefulSet set = statefulSet(4, orderedReady);
      set.reconcile(0);
      set.updateResources(LARGE);
      List<String> replaced = new ArrayList<>();
      int second = 1;
      for (; second < 1000 && !allReady(set, 4, LARGE); second++) {
        set.reconcile(second);
        assertThat(set.readyPods().size())
            .as("Ready pods at %d (orderedReady %s)", second, orderedReady)
            .isGreaterThanOrEqualTo(3);
        for (Pod pod : set.pods()) {
          if (pod.resources().equals(LARGE) && !replaced.contains(pod.name())) {
            replaced.add(pod.name());
          }
        }
      }
      assertThat(replaced).containsExactly("pod-3", "pod-2", "pod-1", "pod-0");
      assertThat(set.rolling()).isFalse();
      // Four pods, each replaced once the one before it was Ready again.
      assertThat(second).isBetween(4 * STARTUP, 4 * (STARTUP + 2) + 1);
    }
  }

  private static boolean allReady(StatefulSet set, int replicas, Resources template) {
    return set.readyPods().size() == replicas
        && set.pods().size() == replicas
        && set.pods().stream().allMatch(p -> p.resources().equals(template));
  }

  @Test
  void workloadOfBuildsTheKindAsked() {
    var startup = new Workload.PodStartup(STARTUP, 0, new SplittableRandom(1));
    for (WorkloadKind kind : WorkloadKind.values()) {
      Workload workload = Workload.of(kind, SMALL, 2, startup, 100 * MI, 4);
      assertThat(workload.kind()).isEqualTo(kind);
      assertThat(workload.readyPods()).hasSize(2);
    }
    assertThat(Workload.of(WorkloadKind.DEPLOYMENT, SMALL, 1, startup, 100 * MI, 4))
        .isInstanceOf(Deployment.class);
  }

  private static List<String> names(List<Pod> pods) {
    return pods.stream().map(Pod::name).toList();
  }
}
