package dev.cto.costs.store;

/**
 * The store cannot take any write right now (unreachable, no connection within the timeout, full,
 * read-only, locked): every other write would fail the same way, so callers fail fast instead of
 * trying again record by record.
 */
public class StoreUnavailableException extends StoreException {

  private static final long serialVersionUID = 1L;

  public StoreUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }

  public StoreUnavailableException(String message) {
    super(message);
  }
}
