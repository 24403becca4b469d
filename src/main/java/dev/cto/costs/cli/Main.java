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
    System.exit(commandLine(args).execute(args));
  }

  /** The configured command line with every command; tests run it in-process with their own streams. */
  public static CommandLine commandLine() {
    return commandLine(new String[0]);
  }

  /**
   * The command line to run {@code args} with. picocli builds each command's model by reflection,
   * and building all of them took about a third of a second, more than a re-run of an import has
   * to do. When {@code args} name one command under {@code costs} ({@code cto-cli costs NAME ...}),
   * only that command (and its own subcommands) is built: the words before it are fixed, as
   * {@code cto-cli} and {@code costs} have no options but help and version, so the same command
   * parses the same rest of the line. Anything else (help, a misspelt or missing command, options
   * first) gets the whole tree, so listings, suggestions and errors are exactly the full ones.
   */
  static CommandLine commandLine(String[] args) {
    CommandLine cmd = new CommandLine(new Main());
    CommandLine costs = cmd.getSubcommands().get("costs");
    Class<?> only = args.length >= 2 && args[0].equals("costs") ? subcommand(args[1]) : null;
    if (only != null) {
      costs.addSubcommand(only);
    } else {
      CostsCommand.SUBCOMMANDS.forEach(costs::addSubcommand);
      costs.addSubcommand(CommandLine.HelpCommand.class);
    }
    cmd.setCaseInsensitiveEnumValuesAllowed(true);
    cmd.setExecutionExceptionHandler(new ErrorHandler());
    cmd.setParameterExceptionHandler(new UsageErrorHandler());
    return cmd;
  }

  /** The subcommand of {@code costs} called {@code name}, read from its annotation without building it. */
  private static Class<?> subcommand(String name) {
    for (Class<?> type : CostsCommand.SUBCOMMANDS) {
      if (type.getAnnotation(Command.class).name().equals(name)) {
        return type;
      }
    }
    return null;
  }

  @Override
  public void run() {
    CommandLine.usage(this, System.out);
  }
}
