package dev.cto.costs.report;

/** Nothing recorded for what was asked, e.g. "no cost data for PR 123". */
public class NoCostDataException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public NoCostDataException(String message) {
    super(message);
  }
}
