package dev.cto.costs.cli;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns a failed command into one clear line on stderr and exit code 1. Expected failures (no data,
 * bad input, unreachable database) print just their message; anything else also names the
 * exception type, and {@code CTO_DEBUG=1} adds the stack trace.
 */
final class ErrorHandler implements IExecutionExceptionHandler {

  @Override
  public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parsed) {
    if (ex instanceof UserInputException input && input.exitCode() == 2) {
      cmd.getErr().println("cto-cli: " + ex.getMessage());
      cmd.getErr().println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for usage.");
      return 2;
    }
    String message = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
    boolean expected = ex instanceof UserInputException || isExpected(ex);
    cmd.getErr().println("cto-cli: " + (expected ? message : ex.getClass().getSimpleName() + ": " + message));
    if ("1".equals(System.getenv("CTO_DEBUG"))) {
      ex.printStackTrace(cmd.getErr());
    }
    return 1;
  }

  private static boolean isExpected(Exception ex) {
    String pkg = ex.getClass().getPackageName();
    return pkg.startsWith("dev.cto.costs") || ex instanceof IllegalArgumentException
        || ex instanceof java.io.IOException;
  }
}
