package dev.headroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class MainTest {
  @Test
  void helpListsTheCommands() {
    StringWriter out = new StringWriter();
    var commandLine = Main.commandLine();
    commandLine.setOut(new PrintWriter(out));
    int exit = commandLine.execute("--help");
    assertThat(exit).isZero();
    assertThat(out.toString()).contains("Usage: headroom").contains("run").contains("help");
  }

  @Test
  void runRejectsAPrometheusUrlWithCredentials() {
    StringWriter err = new StringWriter();
    var commandLine = Main.commandLine();
    commandLine.setErr(new PrintWriter(err));
    int exit = commandLine.execute("run", "--prometheus-url=http://user:secret@prom:9090");
    assertThat(exit).isNotZero();
    assertThat(err.toString()).contains("must not carry credentials").doesNotContain("secret@");
  }

  @Test
  void namespacesAreSplitAndTrimmed() {
    var run = new RunCommand();
    run.namespaces = java.util.List.of("shop, ci", "", "ml");
    assertThat(run.namespaceSet()).containsExactlyInAnyOrder("shop", "ci", "ml");
  }
}
