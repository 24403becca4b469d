package dev.cto.costs.cli;

import java.util.List;
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
   * to do. When {@code args} name one command under {@code costs} ({@code cto-cli costs NAME ...},
   * and under {@code import} one CLI), only that command is built: the words before it are fixed,
   * as {@code cto-cli}, {@code costs} and {@code import} have no options but help and version, so
   * the same command parses the same rest of the line. Anything else (help, a misspelt or missing
   * command, options first) gets all commands at that level, so listings, suggestions and errors
   * are exactly the full ones.
   */
  static CommandLine commandLine(String[] args) {
    CommandLine cmd = new CommandLine(new Main());
    addSubcommands(cmd.getSubcommands().get("costs"), CostsCommand.SUBCOMMANDS, args,
        args.length > 0 && args[0].equals("costs") ? 1 : -1);
    cmd.setCaseInsensitiveEnumValuesAllowed(true);
    cmd.setExecutionExceptionHandler(new ErrorHandler());
    cmd.setParameterExceptionHandler(new UsageErrorHandler());
    return cmd;
  }

  /**
   * Adds to {@code parent} the one of {@code children} that {@code args[next]} names, or all of
   * them and {@code help} when it names none ({@code next} -1: all), and so on down.
   */
  private static void addSubcommands(CommandLine parent, List<Class<?>> children, String[] args, int next) {
    Class<?> only = next >= 0 && next < args.length ? named(children, args[next]) : null;
    for (Class<?> child : only != null ? List.of(only) : children) {
      parent.addSubcommand(child);
      if (child == ImportCommand.class) {
        addSubcommands(parent.getSubcommands().get(name(child)), ImportCommand.SUBCOMMANDS, args,
            only != null ? next + 1 : -1);
      }
    }
    if (only == null) {
      parent.addSubcommand(CommandLine.HelpCommand.class);
    }
  }

  /** The command called {@code name}, read from its annotation without building it. */
  private static Class<?> named(List<Class<?>> commands, String name) {
    for (Class<?> type : commands) {
      if (name(type).equals(name)) {
        return type;
      }
    }
    return null;
  }

  private static String name(Class<?> command) {
    return command.getAnnotation(Command.class).name();
  }

  @Override
  public void run() {
    CommandLine.usage(this, System.out);
  }
}
