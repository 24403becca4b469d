package dev.cto.costs.cli;

/**
 * A problem with what the user asked for, found after parsing (e.g. a date that does not parse):
 * exit code 2 for usage problems, 1 for input data problems.
 */
final class UserInputException extends RuntimeException {

  private static final long serialVersionUID = 1L;
  private final int exitCode;

  UserInputException(String message, int exitCode) {
    super(message);
    this.exitCode = exitCode;
  }

  static UserInputException usage(String message) {
    return new UserInputException(message, 2);
  }

  static UserInputException data(String message) {
    return new UserInputException(message, 1);
  }

  int exitCode() {
    return exitCode;
  }
}
