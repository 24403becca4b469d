package dev.cto.costs.budget;

import dev.cto.costs.domain.Usd;
import dev.cto.costs.store.BudgetLedger;
import dev.cto.costs.store.BudgetLedger.SpendScope;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * Spend plus reservations of budget keys no lease follows (budgets that only warn), for the
 * remaining-money header: read from the store the first time a key is seen, then refreshed in the
 * background when older than {@code maxAge}, so a call waits on the store once per key at most.
 */
final class SpendViews {

  private record View(long used, Instant at) {}

  /** Keys of past periods and PRs are forgotten past this many; they are read again if seen again. */
  private static final int MAX_KEYS = 10_000;

  private final BudgetLedger ledger;
  private final Duration maxAge;
  private final Executor refresher;
  private final Map<String, View> views = new ConcurrentHashMap<>();
  private final Map<String, Boolean> refreshing = new ConcurrentHashMap<>();

  SpendViews(BudgetLedger ledger, Duration maxAge, Executor refresher) {
    this.ledger = ledger;
    this.maxAge = maxAge;
    this.refresher = refresher;
  }

  /** Spent plus reserved for the key, in nano-dollars. */
  long used(String key, SpendScope scope, Instant now) {
    View v = views.get(key);
    if (v == null) {
      return read(key, scope, now).used();
    }
    if (v.at().plus(maxAge).isBefore(now) && refreshing.putIfAbsent(key, Boolean.TRUE) == null) {
      refresher.execute(() -> {
        try {
          read(key, scope, now);
        } catch (RuntimeException e) {
          // the last view stays; the next call asks again
        } finally {
          refreshing.remove(key);
        }
      });
    }
    return v.used();
  }

  private View read(String key, SpendScope scope, Instant now) {
    Usd spent = ledger.spent(scope);
    Usd reserved = ledger.reserved(key, now).getOrDefault(key, Usd.ZERO);
    if (views.size() >= MAX_KEYS) {
      views.clear();
    }
    View v = new View(Math.addExact(spent.nanos(), reserved.nanos()), now);
    views.put(key, v);
    return v;
  }
}
