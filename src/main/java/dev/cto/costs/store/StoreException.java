package dev.cto.costs.store;

/** The store could not do what was asked (unreachable, full, locked past the timeout, …). */
public class StoreException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }

  public StoreException(String message) {
    super(message);
  }
}
