package dev.cto.costs.collect;

import dev.cto.costs.domain.PricedUsage;
import dev.cto.costs.domain.ThresholdCrossing;
import dev.cto.costs.domain.ThresholdLevel;
import dev.cto.costs.store.CostUpdate;
import dev.cto.costs.store.RejectedRecordsException;
import dev.cto.costs.store.StoreUnavailableException;
import dev.cto.costs.store.UsageStore;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real store that can be told to fail the next insert (or every one while down), to refuse the
 * records of some ids as a database refuses a value it cannot hold, to commit slowly, or to run a
 * hook before each insert (to hold the writer while requests pile up behind it).
 */
public final class FailingStore implements UsageStore {

  final AtomicBoolean failNext = new AtomicBoolean();
  public final AtomicBoolean down = new AtomicBoolean();
  final AtomicLong delayMillis = new AtomicLong();
  /** Ids whose records the store refuses, failing the transaction that holds them. */
  final Set<String> refusedIds = ConcurrentHashMap.newKeySet();
  /** Transactions attempted, committed or not. */
  final AtomicInteger inserts = new AtomicInteger();
  volatile Consumer<List<PricedUsage>> beforeInsert = records -> { };
  private final UsageStore delegate;

  public FailingStore(UsageStore delegate) {
    this.delegate = delegate;
  }

  @Override
  public Set<String> insert(List<PricedUsage> records) {
    inserts.incrementAndGet();
    beforeInsert.accept(records);
    if (failNext.getAndSet(false) || down.get()) {
      throw new StoreUnavailableException("injected: database is locked");
    }
    for (PricedUsage r : records) {
      if (refusedIds.contains(r.id())) {
        throw new RejectedRecordsException("injected: the database refuses record " + r.id(), null);
      }
    }
    long delay = delayMillis.get();
    if (delay > 0) {
      try {
        Thread.sleep(delay);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return delegate.insert(records);
  }

  @Override
  public int updateCosts(List<CostUpdate> updates) {
    return delegate.updateCosts(updates);
  }

  @Override
  public long fillCacheSavings(java.util.function.Function<dev.cto.costs.domain.PricedUsage, dev.cto.costs.domain.Usd> savings) {
    return delegate.fillCacheSavings(savings);
  }

  @Override
  public long deleteOlderThan(Instant cutoff) {
    return delegate.deleteOlderThan(cutoff);
  }

  @Override
  public boolean recordCrossing(ThresholdCrossing crossing) {
    return delegate.recordCrossing(crossing);
  }

  @Override
  public Set<ThresholdLevel> crossedLevels(String repository, long prNumber) {
    return delegate.crossedLevels(repository, prNumber);
  }

  @Override
  public List<ThresholdCrossing> crossings(String repository, long prNumber) {
    return delegate.crossings(repository, prNumber);
  }

  @Override
  public boolean isReachable() {
    return delegate.isReachable();
  }

  @Override
  public void close() {
    // the test closes the real store
  }
}
