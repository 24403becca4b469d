package dev.cto.costs.client;

/**
 * The budgets could not be checked (the collector is unreachable or busy, or its store is and it
 * refuses unchecked calls) and the {@link BudgetGate} fails closed: the call must not be made now.
 * A gate that fails open lets the call go unchecked instead.
 */
public final class BudgetUnavailableException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int status;

  BudgetUnavailableException(int status, String message, Throwable cause) {
    super(message, cause);
    this.status = status;
  }

  /** The collector's HTTP status, 0 when it could not be reached. */
  public int status() {
    return status;
  }
}
