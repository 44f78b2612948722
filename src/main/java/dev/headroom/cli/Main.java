package dev.headroom.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code headroom} command. */
@Command(
    name = "headroom",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Keeps Kubernetes services inside their performance budgets at the lowest cost.",
      ""
    },
    subcommands = {RunCommand.class, SimulateCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    // logback.xml picks the appender by this name: any other value would leave the process
    // silent, so it is refused before anything runs.
    String format = System.getenv("HEADROOM_LOG_FORMAT");
    if (format != null && !format.isEmpty() && !LOG_FORMATS.contains(format)) {
      System.err.println("HEADROOM_LOG_FORMAT must be text or json, not " + format);
      System.exit(2);
    }
    System.exit(commandLine().execute(args));
  }

  private static final java.util.Set<String> LOG_FORMATS = java.util.Set.of("text", "json");

  /** The command line, for tests. */
  public static CommandLine commandLine() {
    return new CommandLine(new Main());
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
