package dev.cto.costs.store;

/**
 * The store cannot take any write right now (unreachable, no connection within the timeout, full,
 * read-only, locked): every other write would fail the same way, so callers fail fast instead of
 * trying again record by record. When the store knows it is down ({@link #health()} not null), the
 * call was refused at once without touching the database, and the change of state was logged once.
 */
public class StoreUnavailableException extends StoreException {

  private static final long serialVersionUID = 1L;

  private final transient StoreHealth health;
  private final int retryAfterSeconds;

  public StoreUnavailableException(String message, Throwable cause) {
    super(message, cause);
    this.health = null;
    this.retryAfterSeconds = 5;
  }

  public StoreUnavailableException(String message) {
    this(message, (Throwable) null);
  }

  /** The store is known down: {@code health} says how, clients may retry after the given time. */
  public StoreUnavailableException(String message, StoreHealth health, int retryAfterSeconds, Throwable cause) {
    super(message, cause);
    this.health = health;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** How the store is down, or null when only this call found it unable to write. */
  public StoreHealth health() {
    return health;
  }

  /** Whether the store had already marked itself down (and logged it). */
  public boolean knownDown() {
    return health != null && !health.isUp();
  }

  public int retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
