package dev.headroom.cli;

import dev.headroom.sim.controllers.Contenders;
import dev.headroom.sim.oracle.OracleController;
import dev.headroom.sim.report.ComparisonTable;
import dev.headroom.sim.report.HtmlReport;
import dev.headroom.sim.report.JsonReport;
import dev.headroom.sim.report.ScoreCalculator;
import dev.headroom.sim.run.ControllerFactory;
import dev.headroom.sim.run.RunSink;
import dev.headroom.sim.run.SimulationSuite;
import dev.headroom.sim.scenario.BuiltInScenarios;
import dev.headroom.sim.scenario.Scenario;
import dev.headroom.sim.scenario.ScenarioException;
import dev.headroom.sim.scenario.ScenarioLoader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code headroom simulate}: controllers side by side on simulated scenarios. */
@Command(
    name = "simulate",
    mixinStandardHelpOptions = true,
    description = {
      "Runs autoscaling controllers side by side on simulated scenarios (the same load and service"
          + " model for each) and reports cost and budget violations.",
      "Without --scenario it runs the built-in set: step 3x, spike, diurnal, sawtooth, slow ramp,"
          + " slow dependency, memory growth and a WorldCup98 replay."
    })
final class SimulateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--scenario",
      paramLabel = "FILE.yaml",
      description = "A scenario file; repeat for several. Default: the built-in set.")
  List<Path> scenarios = new ArrayList<>();

  @Option(names = "--json", paramLabel = "OUT.json", description = "Write the results as JSON.")
  Path json;

  @Option(names = "--html", paramLabel = "OUT.html", description = "Write an HTML report.")
  Path html;

  @Option(names = "--quiet", description = "Print no progress, only the summary.")
  boolean quiet;

  @Option(
      names = "--threads",
      paramLabel = "N",
      description =
          "Runs at once (default: the number of processors). Results do not depend on it.")
  Integer threads;

  /** Headroom, the HPA and KEDA side by side, and the oracle as the bound to compare with. */
  static List<ControllerFactory> controllers() {
    List<ControllerFactory> all = new ArrayList<>(Contenders.all());
    all.add(OracleController.factory());
    return all;
  }

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    List<Scenario> loaded;
    try {
      loaded =
          scenarios.isEmpty()
              ? BuiltInScenarios.load()
              : scenarios.stream().map(ScenarioLoader::load).toList();
    } catch (ScenarioException e) {
      err.println("headroom simulate: " + e.getMessage());
      err.flush();
      return 2;
    }
    PrintStream progress = quiet ? null : new PrintStream(new WriterOutputStream(out), true);
    List<RunSink> sinks = new ArrayList<>();
    sinks.add(
        runs -> {
          out.print(ComparisonTable.plainText(ScoreCalculator.scoreAll(runs)));
          out.flush();
        });
    sinks.addAll(reporters(err));
    int runThreads = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
    new SimulationSuite(controllers(), sinks, progress, runThreads).run(loaded);
    out.flush();
    err.flush();
    return 0;
  }

  /** The JSON and HTML reports asked for. */
  private List<RunSink> reporters(PrintWriter err) {
    List<RunSink> sinks = new ArrayList<>();
    if (json != null) {
      sinks.add(runs -> JsonReport.write(ScoreCalculator.scoreAll(runs), json));
    }
    if (html != null) {
      sinks.add(runs -> HtmlReport.write(runs, html));
    }
    return sinks;
  }

  /** Lets the suite's PrintStream progress go to picocli's writer (which tests capture). */
  private static final class WriterOutputStream extends java.io.OutputStream {
    private final PrintWriter writer;

    WriterOutputStream(PrintWriter writer) {
      this.writer = writer;
    }

    @Override
    public void write(int b) {
      writer.write(b);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
      writer.write(new String(bytes, offset, length, java.nio.charset.StandardCharsets.UTF_8));
    }

    @Override
    public void flush() {
      writer.flush();
    }
  }
}
