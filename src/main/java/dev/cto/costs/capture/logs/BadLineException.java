package dev.cto.costs.capture.logs;

/** A line that is not what the CLI writes: skipped and reported, never fatal. */
final class BadLineException extends Exception {

  BadLineException(String reason) {
    super(reason, null, false, false);
  }
}
