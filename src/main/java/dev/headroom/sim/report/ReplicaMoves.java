package dev.headroom.sim.report;

import dev.headroom.sim.ScalingEvent;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/** Direction changes of spec.replicas: a move up after a move down, or down after up. */
final class ReplicaMoves {
  private final int[] directionChangeSeconds;

  ReplicaMoves(List<ScalingEvent> events) {
    List<ScalingEvent> moves =
        events.stream()
            .filter(event -> event.toReplicas() != event.fromReplicas())
            // Stable: events of the same second keep the controller's order.
            .sorted(Comparator.comparingInt(ScalingEvent::second))
            .toList();
    int[] seconds = new int[moves.size()];
    int count = 0;
    int previousDirection = 0;
    for (ScalingEvent move : moves) {
      int direction = Integer.signum(move.toReplicas() - move.fromReplicas());
      if (previousDirection != 0 && direction != previousDirection) {
        seconds[count++] = move.second();
      }
      previousDirection = direction;
    }
    directionChangeSeconds = Arrays.copyOf(seconds, count);
  }

  int directionChanges() {
    return directionChangeSeconds.length;
  }

  /**
   * The most direction changes in one interval between load changes; the run is cut at each load
   * change, and the stretch before the first one counts as an interval too (the initial ramp).
   */
  int mostDirectionChangesPerLoadChange(List<Integer> loadChangeSeconds) {
    int[] cuts =
        loadChangeSeconds.stream().mapToInt(Integer::intValue).sorted().distinct().toArray();
    int[] perInterval = new int[cuts.length + 1];
    for (int second : directionChangeSeconds) {
      perInterval[intervalOf(second, cuts)]++;
    }
    int most = 0;
    for (int count : perInterval) {
      most = Math.max(most, count);
    }
    return most;
  }

  private static int intervalOf(int second, int[] sortedCuts) {
    int interval = 0;
    while (interval < sortedCuts.length && sortedCuts[interval] <= second) {
      interval++;
    }
    return interval;
  }
}
