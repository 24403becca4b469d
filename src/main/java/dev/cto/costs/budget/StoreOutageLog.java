package dev.cto.costs.budget;

import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;

/**
 * Says once that enforcement cannot reach the store, and once that it can again: a store outage
 * must not write a line per call.
 */
final class StoreOutageLog {

  private final Logger log;
  private final AtomicBoolean down = new AtomicBoolean();

  StoreOutageLog(Logger log) {
    this.log = log;
  }

  void down(Exception cause, boolean failOpen) {
    if (down.compareAndSet(false, true)) {
      log.warn("budgets: the store cannot be reached ({}): {} until it can (budgets_fail_open: {}); logged once",
          cause.getMessage(), failOpen ? "forwarding calls unchecked" : "refusing calls under enforced budgets with 503",
          failOpen);
    }
  }

  void up() {
    if (down.get() && down.compareAndSet(true, false)) {
      log.info("budgets: the store is reachable again: enforced budgets are checked again");
    }
  }

  boolean isDown() {
    return down.get();
  }
}
