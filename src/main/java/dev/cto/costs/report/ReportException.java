package dev.cto.costs.report;

/** A report cannot be answered as asked (e.g. an ambiguous PR number); the message says how to fix it. */
public class ReportException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ReportException(String message) {
    super(message);
  }
}
