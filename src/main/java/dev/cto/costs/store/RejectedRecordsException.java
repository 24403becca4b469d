package dev.cto.costs.store;

/**
 * The database refused the records themselves (a value it cannot hold, a constraint they break),
 * not the write: the same records will fail again, while other records can still be stored. The
 * collector uses the difference to fail only the request that brought them.
 */
public class RejectedRecordsException extends StoreException {

  private static final long serialVersionUID = 1L;

  public RejectedRecordsException(String message, Throwable cause) {
    super(message, cause);
  }
}
