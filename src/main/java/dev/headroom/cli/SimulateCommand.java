package dev.headroom.cli;

import dev.headroom.sim.controllers.Contenders;
import dev.headroom.sim.evaluate.Evaluation;
import dev.headroom.sim.evaluate.EvaluationJson;
import dev.headroom.sim.evaluate.EvaluationText;
import dev.headroom.sim.evaluate.ScenarioEvaluation;
import dev.headroom.sim.generate.GeneratedScenario;
import dev.headroom.sim.generate.ScenarioGenerator;
import dev.headroom.sim.oracle.OracleController;
import dev.headroom.sim.report.ComparisonTable;
import dev.headroom.sim.report.EvaluationHtml;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
      names = "--generate",
      paramLabel = "N",
      description =
          "Draw N scenarios from the documented families (docs/simulator.md) instead of the"
              + " built-in set, and evaluate them as --sweep does.")
  Integer generate;

  @Option(
      names = "--seed",
      paramLabel = "S",
      description = "The seed of --generate (default 1); scenario i of a seed never changes.")
  long seed = 1;

  @Option(
      names = "--sweep",
      description =
          "Evaluate against baseline frontiers: the HPA at CPU targets 30..90 %%, KEDA's latency"
              + " and request-rate triggers at a range of thresholds; report dominance.")
  boolean sweep;

  @Option(
      names = "--write-scenarios",
      paramLabel = "DIR",
      description = "With --generate: write each drawn scenario to DIR/NAME.yaml.")
  Path writeScenarios;

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
    if (generate != null && (generate < 1 || !scenarios.isEmpty())) {
      err.println(
          "headroom simulate: --generate takes a count of at least 1 and no --scenario, got "
              + generate
              + (scenarios.isEmpty() ? "" : " with --scenario"));
      err.flush();
      return 2;
    }
    if (writeScenarios != null && generate == null) {
      err.println("headroom simulate: --write-scenarios needs --generate");
      err.flush();
      return 2;
    }
    List<Evaluation.Entry> entries;
    try {
      entries = entries();
    } catch (ScenarioException e) {
      err.println("headroom simulate: " + e.getMessage());
      err.flush();
      return 2;
    }
    PrintStream progress = quiet ? null : new PrintStream(new WriterOutputStream(out), true);
    int runThreads = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
    if (generate != null || sweep) {
      return evaluate(entries, progress, runThreads, out);
    }
    List<Scenario> loaded = entries.stream().map(Evaluation.Entry::scenario).toList();
    List<RunSink> sinks = new ArrayList<>();
    sinks.add(
        runs -> {
          out.print(ComparisonTable.plainText(ScoreCalculator.scoreAll(runs)));
          out.flush();
        });
    sinks.addAll(reporters(err));
    new SimulationSuite(controllers(), sinks, progress, runThreads).run(loaded);
    out.flush();
    err.flush();
    return 0;
  }

  /** The scenarios asked for: drawn, from files, or the built-in set. */
  private List<Evaluation.Entry> entries() throws IOException {
    if (generate != null) {
      List<GeneratedScenario> drawn = ScenarioGenerator.generate(generate, seed);
      if (writeScenarios != null) {
        Files.createDirectories(writeScenarios);
        for (GeneratedScenario scenario : drawn) {
          Files.writeString(writeScenarios.resolve(scenario.name() + ".yaml"), scenario.yaml());
        }
      }
      return drawn.stream()
          .map(g -> new Evaluation.Entry(g.family().name(), g.scenario()))
          .toList();
    }
    if (scenarios.isEmpty()) {
      return BuiltInScenarios.load().stream()
          .map(s -> new Evaluation.Entry("built-in", s))
          .toList();
    }
    return scenarios.stream()
        .map(ScenarioLoader::load)
        .map(s -> new Evaluation.Entry("file", s))
        .toList();
  }

  /** Every scenario against the baseline frontiers; the summary is printed, reports written. */
  private int evaluate(
      List<Evaluation.Entry> entries, PrintStream progress, int runThreads, PrintWriter out)
      throws IOException {
    long started = System.nanoTime();
    List<ScenarioEvaluation> evaluations = new Evaluation(runThreads, progress).run(entries);
    out.print(EvaluationText.render(evaluations));
    out.printf(
        Locale.ROOT,
        "%d scenarios, %d runs, in %.0f s on %d threads%n",
        evaluations.size(),
        evaluations.stream().mapToInt(e -> e.points().size()).sum(),
        (System.nanoTime() - started) / 1e9,
        runThreads);
    if (json != null) {
      EvaluationJson.write(evaluations, json);
    }
    if (html != null) {
      EvaluationHtml.write(evaluations, html);
    }
    out.flush();
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
