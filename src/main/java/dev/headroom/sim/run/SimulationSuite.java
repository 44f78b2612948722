package dev.headroom.sim.run;

import dev.headroom.sim.ControllerRun;
import dev.headroom.sim.ScenarioRun;
import dev.headroom.sim.scenario.Scenario;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Several scenarios, each with every controller, handed to sinks (reports) at the end. Runs may go
 * on several threads; the results are the same as on one, in the same order.
 */
public final class SimulationSuite {
  private final List<ControllerFactory> factories;
  private final List<RunSink> sinks;
  private final PrintStream progress;
  private final int threads;

  /**
   * @param factories one per controller, in report order
   * @param sinks what receives the results
   * @param progress where to print one line per run, or null for silence
   * @param threads how many runs may go at once (at least 1)
   */
  public SimulationSuite(
      List<ControllerFactory> factories, List<RunSink> sinks, PrintStream progress, int threads) {
    this.factories = List.copyOf(factories);
    this.sinks = List.copyOf(sinks);
    this.progress = progress;
    this.threads = Math.max(1, threads);
  }

  public List<ScenarioRun> run(List<Scenario> scenarios) throws IOException {
    List<ScenarioRun> results = runAll(scenarios);
    for (RunSink sink : sinks) {
      sink.accept(results);
    }
    return results;
  }

  private List<ScenarioRun> runAll(List<Scenario> scenarios) {
    ExecutorService pool = threads == 1 ? null : Executors.newFixedThreadPool(threads);
    try {
      List<List<Future<ControllerRun>>> futures = new ArrayList<>();
      List<List<ControllerRun>> direct = new ArrayList<>();
      for (int i = 0; i < scenarios.size(); i++) {
        Scenario scenario = scenarios.get(i);
        String prefix = "[" + (i + 1) + "/" + scenarios.size() + "] " + scenario.name() + ": ";
        List<Future<ControllerRun>> perScenario = new ArrayList<>();
        List<ControllerRun> done = new ArrayList<>();
        for (ControllerFactory factory : factories) {
          if (factory.notRunBecause(scenario).isPresent()) {
            continue;
          }
          if (pool == null) {
            done.add(runAndReport(prefix, scenario, factory));
          } else {
            perScenario.add(pool.submit(() -> runAndReport(prefix, scenario, factory)));
          }
        }
        futures.add(perScenario);
        direct.add(done);
      }
      List<ScenarioRun> results = new ArrayList<>();
      for (int i = 0; i < scenarios.size(); i++) {
        List<ControllerRun> runs = new ArrayList<>(direct.get(i));
        for (Future<ControllerRun> future : futures.get(i)) {
          runs.add(Futures.await(future));
        }
        results.add(
            SimulationRunner.scenarioRun(
                scenarios.get(i), runs, SimulationRunner.notRun(scenarios.get(i), factories)));
      }
      return List.copyOf(results);
    } finally {
      if (pool != null) {
        pool.shutdownNow();
      }
    }
  }

  private ControllerRun runAndReport(String prefix, Scenario scenario, ControllerFactory factory) {
    ControllerRun run = SimulationRunner.runOne(scenario, factory);
    if (progress != null) {
      RunSummary summary = RunSummary.of(run, SimulationRunner.scenarioRun(scenario, List.of()));
      synchronized (progress) {
        progress.println(prefix + run.controller() + " ... " + summary.describe());
      }
    }
    return run;
  }
}
