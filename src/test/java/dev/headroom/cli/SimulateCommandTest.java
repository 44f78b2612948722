package dev.headroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headroom.sim.scenario.ScenarioFiles;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulateCommandTest {
  @TempDir Path dir;

  private record Result(int exit, String out, String err) {}

  private static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    var commandLine = Main.commandLine();
    commandLine.setOut(new PrintWriter(out));
    commandLine.setErr(new PrintWriter(err));
    int exit = commandLine.execute(args);
    return new Result(exit, out.toString(), err.toString());
  }

  @Test
  void isListedInTheHelp() {
    assertThat(run("--help").out()).contains("simulate");
  }

  @Test
  void runsAScenarioFileWithEveryControllerAndPrintsASummary() {
    Path scenario = ScenarioFiles.write(dir, ScenarioFiles.SCENARIO);
    Result result = run("simulate", "--scenario", scenario.toString(), "--threads", "1");
    assertThat(result.exit()).as(result.err()).isZero();
    assertThat(result.out())
        .contains("[1/1] small-step: hold ... replica-seconds 1800")
        .contains("[1/1] small-step: oracle ...")
        .containsPattern("small-step\\s+hold\\s+1800\\s+\\d+\\s+0")
        .containsPattern("small-step\\s+oracle\\s+\\d+\\s+\\d+\\s+\\d+");
  }

  @Test
  void quietPrintsOnlyTheSummary() {
    Path scenario = ScenarioFiles.write(dir, ScenarioFiles.SCENARIO);
    Result result = run("simulate", "--quiet", "--scenario", scenario.toString());
    assertThat(result.exit()).isZero();
    assertThat(result.out()).doesNotContain("[1/1]").contains("replica-seconds");
  }

  @Test
  void saysWhatIsWrongWithABadScenario() {
    Path scenario =
        ScenarioFiles.write(dir, ScenarioFiles.SCENARIO.replace("seed: 42", "seed: many"));
    Result result = run("simulate", "--scenario", scenario.toString());
    assertThat(result.exit()).isEqualTo(2);
    assertThat(result.err()).contains("scenario.yaml").contains("seed").contains("whole number");
  }

  @Test
  void acceptsReportOptionsAndSaysTheWritersAreNotHereYet() {
    Path scenario = ScenarioFiles.write(dir, ScenarioFiles.SCENARIO);
    Result result =
        run(
            "simulate",
            "--quiet",
            "--scenario",
            scenario.toString(),
            "--json",
            dir.resolve("out.json").toString());
    assertThat(result.exit()).isZero();
    assertThat(result.err()).contains("--json").contains("not in this build yet");
  }
}
