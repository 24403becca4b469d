package dev.cto.costs.mcp;

/** A tool argument is missing, malformed or does not fit the report; the message names it. */
final class ToolArgumentException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  ToolArgumentException(String message) {
    super(message);
  }
}
