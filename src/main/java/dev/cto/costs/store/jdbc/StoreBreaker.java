package dev.cto.costs.store.jdbc;

import dev.cto.costs.store.StoreHealth;
import dev.cto.costs.store.StoreHealth.Condition;
import dev.cto.costs.store.StoreUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A circuit breaker over the store. When a call fails with a store-wide fault (unreachable, disk
 * full, read-only, the file gone), the store is marked down and further calls the fault blocks
 * fail at once with {@link StoreUnavailableException}, instead of each waiting out a pool or busy
 * timeout. Requests never serve as trials (one would wait out the pool timeout and every request
 * queued behind it with it): {@link JdbcStore#probe()} tests the store in the background, so it
 * comes back without waiting for traffic. Each change of state is logged once: a full disk is one
 * line, not one per request.
 */
final class StoreBreaker {

  private static final Logger LOG = LoggerFactory.getLogger(StoreBreaker.class);

  /** What {@code Retry-After} says: about two probes' time. */
  static final long RETRY_MILLIS = 2_000;

  private final String database;
  private volatile StoreHealth health = StoreHealth.UP;
  private volatile boolean worked;

  StoreBreaker(String database) {
    this.database = database;
  }

  StoreHealth health() {
    return health;
  }

  /** Fails at once when the store is known down for this kind of call. */
  void admit(boolean write) {
    StoreHealth h = health;
    if (h.condition().blocks(write)) {
      throw unavailable(h);
    }
  }

  StoreUnavailableException unavailable(StoreHealth h) {
    return new StoreUnavailableException(
        "the store is unavailable (" + h.condition().label() + "): " + h.detail(), h, (int) (RETRY_MILLIS / 1000), null);
  }

  /**
   * A call of this kind went through. A write proves every fault gone; a read only those that
   * block reads (a full disk still serves reads).
   */
  void succeeded(boolean write) {
    worked = true;
    StoreHealth h = health;
    if (!h.isUp() && (write || h.condition().blocks(false))) {
      change(StoreHealth.UP);
    }
  }

  /**
   * A call failed: marks the store down when the failure is store-wide.
   *
   * @return the condition, or null when the failure concerned this call only
   */
  Condition failed(Throwable failure) {
    Condition c = SqlFailures.classify(failure);
    if (c != null) {
      down(c, SqlFailures.reason(failure));
    }
    return c;
  }

  void down(Condition condition, String detail) {
    change(new StoreHealth(condition, detail));
  }

  private synchronized void change(StoreHealth next) {
    StoreHealth previous = health;
    if (previous.condition() == next.condition()) {
      return; // the same state again: already logged
    }
    health = next;
    if (!worked) {
      return; // a store that never answered: the caller's exception says why (the CLI's one line)
    }
    if (next.isUp()) {
      // WARN like the failure it ends: at the default level an operator sees both or neither
      LOG.warn("store {} is ok again (was {})", database, previous.condition().label());
    } else {
      LOG.error("store {}: {} ({}); calls fail at once with 503 until it recovers", database,
          next.condition().label(), next.detail());
    }
  }
}
