package dev.cto.costs.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/**
 * One run of {@code cto-cli} in the test's own JVM: its exit code and what it printed to out and
 * err (shared by the CLI tests that used to carry a copy each). Nothing else is set up: the
 * environment and working directory are the test JVM's, as they were in every copy.
 */
public record CliRun(int exit, String out, String err) {

  /** Runs {@code args} on the whole command tree ({@link Main#commandLine()}). */
  public static CliRun cli(String... args) {
    return run(Main.commandLine(), args);
  }

  /**
   * Runs {@code args} on the command tree {@link Main#main} builds for them: only the named
   * command's branch ({@code Main.commandLine(args)}), so the launcher's own path is tested.
   */
  public static CliRun cliAsLaunched(String... args) {
    return run(Main.commandLine(args), args);
  }

  /** Runs {@code args} on {@code cmd}, with out and err captured. */
  public static CliRun run(CommandLine cmd, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cmd.setOut(new PrintWriter(out, true));
    cmd.setErr(new PrintWriter(err, true));
    int exit = cmd.execute(args);
    return new CliRun(exit, out.toString(), err.toString());
  }
}
