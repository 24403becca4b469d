package dev.cto.costs.web.ui;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data version the pages refresh and their caches forget on: it moves once whenever this
 * process's commit count moves (at once, so the page of the server that stored a record updates
 * on the next poll) or the store's change marker does (checked at most every {@link #RECHECK_NANOS},
 * so records stored by another replica or a CLI import show within the live update's 2 s). Why
 * both: the local count alone never saw another process's writes, and the marker alone would
 * leave this server's own records for up to a second. Asking the store at most once a second
 * keeps warm pages from paying for it; a periodic check already under way is not waited for, but
 * after a local commit the answer waits for it, so it is never the version from before the commit.
 */
public final class DataVersion implements LongSupplier {

  private static final Logger LOG = LoggerFactory.getLogger(DataVersion.class);
  static final long RECHECK_NANOS = 1_000_000_000L;

  private record Seen(long local, long store, long checkedAt, long version) {}

  private final LongSupplier local;
  private final LongSupplier store;
  private final LongSupplier nanoTime;
  private final AtomicBoolean checking = new AtomicBoolean();
  private volatile Seen seen;

  /**
   * @param local this process's commit count
   * @param store the store's change marker (it may throw while the store is down: the last one is kept)
   */
  public DataVersion(LongSupplier local, LongSupplier store) {
    this(local, store, System::nanoTime);
  }

  DataVersion(LongSupplier local, LongSupplier store, LongSupplier nanoTime) {
    this.local = local;
    this.store = store;
    this.nanoTime = nanoTime;
  }

  @Override
  public long getAsLong() {
    Seen s = seen;
    if (s == null || local.getAsLong() != s.local()) {
      // this process committed: wait for a check already under way rather than answer the version
      // from before the commit (a page opened right after a write would show the old figures)
      synchronized (this) {
        s = seen;
        if (s == null || local.getAsLong() != s.local()) {
          s = check(s);
          seen = s;
        }
      }
      return s.version();
    }
    if (nanoTime.getAsLong() - s.checkedAt() >= RECHECK_NANOS && checking.compareAndSet(false, true)) {
      // the periodic look for other processes' commits: one caller asks, the others go on
      try {
        synchronized (this) {
          s = check(seen);
          seen = s;
        }
      } finally {
        checking.set(false);
      }
    }
    return s.version();
  }

  /** The local count first: a commit seen there is already visible to the marker read after it. */
  private Seen check(Seen before) {
    long localNow = local.getAsLong();
    long storeNow;
    try {
      storeNow = store.getAsLong();
    } catch (RuntimeException e) {
      LOG.debug("store change marker unavailable: {}", e.getMessage());
      storeNow = before == null ? 0 : before.store();
    }
    long checkedAt = nanoTime.getAsLong();
    if (before == null) {
      return new Seen(localNow, storeNow, checkedAt, 1);
    }
    boolean moved = localNow != before.local() || storeNow != before.store();
    return new Seen(localNow, storeNow, checkedAt, moved ? before.version() + 1 : before.version());
  }
}
