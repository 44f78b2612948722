package dev.headroom.sim.report;

import dev.headroom.sim.BudgetInfo;
import dev.headroom.sim.ControllerRun;
import dev.headroom.sim.ScalingEvent;
import dev.headroom.sim.ScenarioRun;
import dev.headroom.sim.Timeline;
import java.util.List;

/** Small synthetic scenarios whose scores are worked out by hand in the tests. */
final class Fixtures {
  static final String P95 = "latency/p95";
  static final String P99 = "latency/p99";
  static final String THROUGHPUT = "throughput/min";

  static final BudgetInfo P95_BUDGET = new BudgetInfo(P95, "s", 0.2, 0.5, true);
  static final BudgetInfo P99_BUDGET = new BudgetInfo(P99, "s", 0.4, Double.NaN, true);
  static final BudgetInfo THROUGHPUT_BUDGET =
      new BudgetInfo(THROUGHPUT, "rps", 100, Double.NaN, false);

  private Fixtures() {}

  static ControllerRun run(String controller, Timeline timeline, ScalingEvent... events) {
    return new ControllerRun(controller, timeline, List.of(events));
  }

  static ScalingEvent move(int second, int from, int to) {
    return new ScalingEvent(second, from, to, false, "load");
  }

  /** A p95-only timeline of {@code seconds}, met (0.1 s) except over the given ranges (0.3 s). */
  static Timeline p95ViolatedOver(int seconds, int... fromToPairs) {
    TimelineBuilder builder = TimelineBuilder.seconds(seconds).budget(P95, 0.1);
    for (int pair = 0; pair < fromToPairs.length; pair += 2) {
      builder.budget(P95, fromToPairs[pair], fromToPairs[pair + 1], 0.3);
    }
    return builder.build();
  }

  /**
   * A 300 s scenario with one p95 budget and four controllers. Latency-violation seconds: headroom
   * 10, hpa 40, keda 20, oracle 0. Replica-seconds: headroom 600, hpa 900, keda 750, oracle 540.
   */
  static ScenarioRun fourControllers(String name) {
    return new ScenarioRun(
        name,
        "step from 100 to 300 rps at 100 s",
        List.of(P95_BUDGET),
        List.of(100),
        List.of(
            run(
                ControllerNames.HEADROOM,
                withPods(p95ViolatedOver(300, 100, 110), 2),
                move(100, 2, 3)),
            run(ControllerNames.HPA, withPods(p95ViolatedOver(300, 100, 140), 3), move(130, 2, 4)),
            run(ControllerNames.KEDA, withPods(p95ViolatedOver(300, 100, 120), 2, 150, 3)),
            run(ControllerNames.ORACLE, withPods(p95ViolatedOver(300), 1, 60, 2))));
  }

  /** Same budget values, but {@code pods} existing every second. */
  static Timeline withPods(Timeline timeline, int pods) {
    return withPods(timeline, pods, timeline.seconds(), pods);
  }

  /** {@code before} pods until {@code second}, {@code after} from then on. */
  static Timeline withPods(Timeline timeline, int before, int second, int after) {
    int[] counts = new int[timeline.seconds()];
    for (int s = 0; s < counts.length; s++) {
      counts[s] = s < second ? before : after;
    }
    return new Timeline(
        timeline.loadRps(),
        counts.clone(),
        counts.clone(),
        counts,
        timeline.cpuRequestCores(),
        timeline.memoryRequestGiB(),
        timeline.budgetValues());
  }
}
