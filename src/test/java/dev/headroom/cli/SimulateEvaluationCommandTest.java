package dev.headroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.headroom.sim.scenario.ScenarioFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code simulate --generate} and {@code --sweep}: short runs of two scenarios at most. */
class SimulateEvaluationCommandTest {
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

  private static List<Path> files(Path directory) throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files.sorted().toList();
    }
  }

  @Test
  void generatesEvaluatesAndWritesBothReports() throws Exception {
    Path json = dir.resolve("gen.json");
    Path html = dir.resolve("gen.html");

    Result result =
        run(
            "simulate",
            "--generate",
            "2",
            "--seed",
            "3",
            "--quiet",
            "--threads",
            "2",
            "--json",
            json.toString(),
            "--html",
            html.toString());

    assertThat(result.exit()).as(result.err()).isZero();
    assertThat(result.out())
        .doesNotContain("[1/2")
        .contains("gen-s3-001-")
        .contains("gen-s3-002-")
        .contains("== evaluation over 2 scenarios ==")
        .contains("not dominated by any HPA or KEDA setting:")
        .contains("target >= 95 %")
        .containsPattern("2 scenarios, \\d+ runs, in \\d+ s on 2 threads");
    JsonNode root = new ObjectMapper().readTree(json.toFile());
    assertThat(root.get("scenarios")).hasSize(2);
    assertThat(root.get("scenarios").get(0).get("name").textValue()).startsWith("gen-s3-001-");
    assertThat(root.get("scenarios").get(0).get("settings").size()).isGreaterThan(10);
    assertThat(root.get("summary").get("scenarios").intValue()).isEqualTo(2);
    assertThat(Files.readString(html))
        .contains("<h2>Summary over 2 scenarios</h2>")
        .contains("<canvas id=\"scenario-1-pareto\"")
        .contains("<canvas id=\"scenario-2-pareto\"")
        .doesNotContain("<canvas id=\"scenario-3-pareto\"");
  }

  @Test
  void writtenScenariosRunAgainFromTheirFiles() throws Exception {
    Path written = dir.resolve("drawn");

    Result generated =
        run(
            "simulate",
            "--generate",
            "2",
            "--seed",
            "3",
            "--quiet",
            "--threads",
            "2",
            "--write-scenarios",
            written.toString());

    assertThat(generated.exit()).as(generated.err()).isZero();
    List<Path> files = files(written);
    assertThat(files).hasSize(2);
    assertThat(files.get(0).getFileName().toString()).startsWith("gen-s3-001-").endsWith(".yaml");
    assertThat(files.get(1).getFileName().toString()).startsWith("gen-s3-002-").endsWith(".yaml");
    List<String> args = new ArrayList<>(List.of("simulate", "--quiet", "--threads", "2"));
    for (Path file : files) {
      args.add("--scenario");
      args.add(file.toString());
    }
    Result replayed = run(args.toArray(String[]::new));
    assertThat(replayed.exit()).as(replayed.err()).isZero();
    assertThat(replayed.out()).containsPattern("(?m)^headroom\\s+\\d+").contains("replica-s");
  }

  @Test
  void sweepsAScenarioFile() {
    Path scenario = ScenarioFiles.write(dir, ScenarioFiles.SCENARIO);

    Result result =
        run("simulate", "--sweep", "--quiet", "--threads", "2", "--scenario", scenario.toString());

    assertThat(result.exit()).as(result.err()).isZero();
    assertThat(result.out())
        .containsPattern("(?m)^small-step\\s+file\\s")
        .contains("== evaluation over 1 scenarios ==");
  }

  @Test
  void refusesACountBelowOne() throws IOException {
    Result result =
        run("simulate", "--generate", "0", "--write-scenarios", dir.resolve("w").toString());

    assertThat(result.exit()).isEqualTo(2);
    assertThat(result.err()).contains("--generate takes a count of at least 1").contains("got 0");
    assertThat(result.out()).isEmpty();
    assertThat(dir.resolve("w")).doesNotExist();
  }

  @Test
  void refusesGenerateWithScenarioFiles() {
    Result result = run("simulate", "--generate", "2", "--scenario", "x.yaml");

    assertThat(result.exit()).isEqualTo(2);
    assertThat(result.err())
        .contains("--generate takes a count of at least 1 and no --scenario")
        .contains("with --scenario");
    assertThat(result.out()).isEmpty();
  }

  @Test
  void refusesWriteScenariosWithoutGenerate() {
    Result result = run("simulate", "--write-scenarios", dir.resolve("w").toString());

    assertThat(result.exit()).isEqualTo(2);
    assertThat(result.err()).contains("--write-scenarios needs --generate");
    assertThat(result.out()).isEmpty();
    assertThat(dir.resolve("w")).doesNotExist();
  }
}
