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
  void everyCommandsHelpRendersWithoutPicocliFormatWarnings() {
    // A bare % in a description is a format error that picocli reports on stderr, not to the
    // command line's writers, and then prints the description unformatted.
    var stderr = System.err;
    var captured = new java.io.ByteArrayOutputStream();
    System.setErr(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
    StringBuilder help = new StringBuilder();
    try {
      for (var sub : Main.commandLine().getSubcommands().values()) {
        help.append(sub.getUsageMessage());
      }
    } finally {
      System.setErr(stderr);
    }
    assertThat(captured.toString(java.nio.charset.StandardCharsets.UTF_8))
        .doesNotContain("picocli WARN");
    assertThat(help).contains("30..90 %, KEDA");
  }

  @Test
  void runsAScenarioFileWithEveryControllerAndPrintsASummary() {
    Path scenario = ScenarioFiles.write(dir, ScenarioFiles.SCENARIO);
    Result result = run("simulate", "--scenario", scenario.toString(), "--threads", "1");
    assertThat(result.exit()).as(result.err()).isZero();
    assertThat(result.out())
        .contains("[1/1] small-step: headroom ...")
        .contains("[1/1] small-step: hpa ...")
        .contains("[1/1] small-step: keda ...")
        .contains("[1/1] small-step: oracle ...")
        .containsPattern("(?m)^headroom\\s+\\d+")
        .containsPattern("(?m)^hpa\\s+\\d+")
        .containsPattern("(?m)^oracle\\s+\\d+")
        .contains("headroom/hpa latency violation");
  }

  @Test
  void quietPrintsOnlyTheSummary() {
    Path scenario = ScenarioFiles.write(dir, ScenarioFiles.SCENARIO);
    Result result = run("simulate", "--quiet", "--scenario", scenario.toString());
    assertThat(result.exit()).isZero();
    assertThat(result.out()).doesNotContain("[1/1]").contains("replica-s");
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
  void writesTheJsonAndHtmlReports() throws Exception {
    Path scenario = ScenarioFiles.write(dir, ScenarioFiles.SCENARIO);
    Result result =
        run(
            "simulate",
            "--quiet",
            "--scenario",
            scenario.toString(),
            "--json",
            dir.resolve("out.json").toString(),
            "--html",
            dir.resolve("out.html").toString());
    assertThat(result.exit()).as(result.err()).isZero();
    String json = java.nio.file.Files.readString(dir.resolve("out.json"));
    assertThat(json)
        .contains("\"small-step\"")
        .contains("\"headroom\"")
        .contains("\"hpa\"")
        .contains("\"keda\"")
        .contains("\"oracle\"")
        .contains("\"anyViolationSeconds\"");
    assertThat(java.nio.file.Files.readString(dir.resolve("out.html")))
        .contains("<canvas")
        .contains("small-step");
  }
}
