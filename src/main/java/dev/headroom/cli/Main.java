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
    System.exit(commandLine().execute(args));
  }

  /** The command line, for tests. */
  public static CommandLine commandLine() {
    return new CommandLine(new Main());
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
