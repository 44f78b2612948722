package dev.headroom.sim.evaluate;

import dev.headroom.sim.ControllerRun;
import dev.headroom.sim.ScenarioRun;
import dev.headroom.sim.run.Futures;
import dev.headroom.sim.run.RunSummary;
import dev.headroom.sim.run.SimulationRunner;
import dev.headroom.sim.scenario.Scenario;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs every setting of {@link Settings} on every scenario, on a pool of threads, scoring each run
 * as it ends. The results do not depend on the number of threads.
 */
public final class Evaluation {
  /**
   * A scenario and the group it is reported under.
   *
   * @param group the generator's family, or {@code built-in} / {@code file}
   * @param scenario the scenario
   */
  public record Entry(String group, Scenario scenario) {}

  private final int threads;
  private final PrintStream progress;

  /**
   * @param threads how many runs at once (at least 1)
   * @param progress where one line per finished scenario goes, or null
   */
  public Evaluation(int threads, PrintStream progress) {
    this.threads = Math.max(1, threads);
    this.progress = progress;
  }

  public List<ScenarioEvaluation> run(List<Entry> entries) {
    long started = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    AtomicInteger scenariosDone = new AtomicInteger();
    try {
      List<List<Future<Point>>> futures = new ArrayList<>();
      for (Entry entry : entries) {
        List<Settings.Setting> settings = Settings.forScenario(entry.scenario());
        AtomicInteger left = new AtomicInteger(settings.size());
        List<Future<Point>> perScenario = new ArrayList<>();
        List<Point> points = new ArrayList<>();
        for (int i = 0; i < settings.size(); i++) {
          points.add(null);
        }
        for (int i = 0; i < settings.size(); i++) {
          int index = i;
          Settings.Setting setting = settings.get(i);
          perScenario.add(
              pool.submit(
                  () -> {
                    Point point = runOne(entry.scenario(), setting);
                    synchronized (points) {
                      points.set(index, point);
                    }
                    if (left.decrementAndGet() == 0) {
                      report(
                          entry, points, scenariosDone.incrementAndGet(), entries.size(), started);
                    }
                    return point;
                  }));
        }
        futures.add(perScenario);
      }
      List<ScenarioEvaluation> results = new ArrayList<>();
      for (int i = 0; i < entries.size(); i++) {
        List<Point> points = new ArrayList<>();
        for (Future<Point> future : futures.get(i)) {
          points.add(Futures.await(future));
        }
        results.add(evaluation(entries.get(i), points));
      }
      return List.copyOf(results);
    } finally {
      pool.shutdownNow();
    }
  }

  static Point runOne(Scenario scenario, Settings.Setting setting) {
    ControllerRun run = SimulationRunner.runOne(scenario, setting.factory());
    ScenarioRun context = SimulationRunner.scenarioRun(scenario, List.of());
    RunSummary summary = RunSummary.of(run, context);
    return new Point(
        setting.family(), setting.setting(), summary.violationSeconds(), summary.replicaSeconds());
  }

  private static ScenarioEvaluation evaluation(Entry entry, List<Point> points) {
    Scenario scenario = entry.scenario();
    return new ScenarioEvaluation(
        scenario.name(), entry.group(), scenario.description(), scenario.durationSeconds(), points);
  }

  private void report(Entry entry, List<Point> points, int done, int total, long started) {
    if (progress == null) {
      return;
    }
    ScenarioEvaluation e;
    synchronized (points) {
      e = evaluation(entry, List.copyOf(points));
    }
    String line =
        String.format(
            Locale.ROOT,
            "[%d/%d %.0fs] %s: headroom %d s violated, %d replica-s (%.2f x oracle's, oracle %d s)%s",
            done,
            total,
            (System.nanoTime() - started) / 1e9,
            e.scenario(),
            e.headroom().violationSeconds(),
            e.headroom().replicaSeconds(),
            e.replicaSecondsVsOracle(),
            e.oracle().violationSeconds(),
            e.dominated()
                ? "; DOMINATED by "
                    + String.join(", ", e.dominatedBy().stream().map(Point::label).toList())
                : "");
    synchronized (progress) {
      progress.println(line);
    }
  }
}
