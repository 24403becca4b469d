package dev.cto.costs.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code cto-cli} launcher. */
@Command(
    name = "cto-cli",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "The CTO platform's command line. Cost reporting lives under 'costs'.",
    subcommands = {CostsCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured command line; tests run it in-process with their own streams. */
  public static CommandLine commandLine() {
    CommandLine cmd = new CommandLine(new Main());
    cmd.setCaseInsensitiveEnumValuesAllowed(true);
    cmd.setExecutionExceptionHandler(new ErrorHandler());
    cmd.setParameterExceptionHandler(new UsageErrorHandler());
    return cmd;
  }

  @Override
  public void run() {
    CommandLine.usage(this, System.out);
  }
}
