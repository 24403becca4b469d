package dev.cto.costs.budget;

import dev.cto.costs.domain.Usd;
import dev.cto.costs.store.BudgetLedger;
import dev.cto.costs.store.BudgetLedger.Claim;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * This process's lease on one budget key: money reserved in the store ahead of calls, so that most
 * calls are admitted in memory. The invariant that keeps the budget: what the calls hold (worst
 * cases in flight, actual costs not yet stored) is never more than {@code leased}, and {@code
 * leased} is never more than the store holds for the lease; the store only grants a lease while
 * spend + every other reservation + the lease fit the limit. So the local amount is only raised
 * after the store granted it, and lowered before the store is told.
 *
 * <p>Every admitted call's cost leaves the lease for good (it becomes spend), so a busy lease runs
 * dry: when what is free falls under half its last growth, it is topped up in the background, so
 * calls rarely wait for the store; growths less than {@link #DOUBLING_WINDOW} apart double.
 *
 * <p>When a call waits for the store: only when the lease has no room for it. Calls taking room never
 * wait for a store write, neither a top-up's nor the upkeep's ({@link #tryTake} needs only this
 * object's monitor, which no one holds across store I/O). A call finding no room while a top-up is
 * in flight waits for that top-up's answer (behind {@code storeWrites}) and is then admitted from
 * what it granted, without a write of its own; it is not admitted against the headroom asked for,
 * because the store may refuse it (another replica, a client reservation or records stored
 * elsewhere took the money since this lease's view), and calls admitted against a refused growth
 * would overshoot by all of them, not by one call. An idle lease far from the limit keeps its last
 * growth ({@link EnforcementOptions#idleKeep}), so a pause of a few seconds does not leave the
 * calls after it without room.
 */
final class Lease {

  /** The outcome of taking room for one call. */
  enum Took { YES, NO_ROOM, RETIRED }

  /** Each attempt admits other calls: running out of them takes a budget at its limit under heavy contention. */
  private static final int GROW_ATTEMPTS = 16;

  /** Growths closer together than this double the chunk: the call rate outruns the lease. */
  static final Duration DOUBLING_WINDOW = Duration.ofSeconds(2);

  private final String id;
  private final BudgetLedger ledger;
  private final EnforcementOptions options;
  private final Clock clock;
  private final Executor topUps;
  /** One store write at a time for this lease, so the store's amount is never behind a raised local one. */
  private final ReentrantLock storeWrites = new ReentrantLock();

  // guarded by this
  private long leased;
  private long held;
  private long storedSinceView;
  private long viewSpent;
  private long viewOthers;
  private Instant viewAt;
  private Instant expiresAt = Instant.MIN;
  private Instant lastUse;
  private boolean retired;
  private long lastWorstCase;
  private boolean topUpPending;
  /** What the last growth left free beyond the calls it was for (written under both locks). */
  private long lastChunk;
  // guarded by storeWrites
  private Instant lastGrowth = Instant.MIN;
  private long inStore;
  /** Written under storeWrites; volatile because the fast path glances at it to start a top-up. */
  private volatile Claim claim;
  /** What the last refused growth saw: {spent, reserved by others and this lease's calls}. */
  private long[] refusedSaw;

  Lease(String id, BudgetLedger ledger, EnforcementOptions options, Clock clock, Executor topUps) {
    this.id = id;
    this.ledger = ledger;
    this.options = options;
    this.clock = clock;
    this.topUps = topUps;
    this.lastUse = clock.instant();
  }

  /** The fast path: room for {@code worstCase} from what the lease already holds. */
  synchronized Took tryTake(long worstCase, Instant now) {
    if (retired) {
      return Took.RETIRED;
    }
    // a lease about to expire must be renewed through the store first: an expired one counts for nothing there
    if (expiresAt.isBefore(now.plus(options.leaseTtl().dividedBy(4))) || leased - held < worstCase) {
      return Took.NO_ROOM;
    }
    held += worstCase;
    lastUse = now;
    lastWorstCase = worstCase;
    if (!topUpPending && claim != null && leased - held < lastChunk / 2) {
      topUpPending = true;
      try {
        topUps.execute(this::topUp);
      } catch (RejectedExecutionException e) {
        topUpPending = false; // shutting down
      }
    }
    return Took.YES;
  }

  /** The next growth's chunk: see {@link EnforcementOptions#chunk}; doubled when the last growth was recent. */
  private long chunk(long worstCase, long limit, Long remaining, Instant now) {
    long base = options.chunk(worstCase, limit, remaining);
    boolean busy = lastGrowth.plus(DOUBLING_WINDOW).isAfter(now);
    long doubled = busy && lastChunk < Long.MAX_VALUE / 2 ? lastChunk * 2 : 0;
    long cap = remaining == null ? limit / options.chunkDivisor() : Math.max(0, remaining) / options.chunkDivisor();
    return options.chunkCalls() == 0 ? 0 : Math.max(base, Math.min(doubled, cap));
  }

  /** Background growth before the lease runs dry; calls go on taking what is left meanwhile. */
  private void topUp() {
    try {
      // waits for a growth or the upkeep's write rather than giving up: after a growth there is room
      // and this returns at once; after the upkeep's write the lease may still need topping up, and
      // no call should have to find it dry first (this is a background thread: waiting costs no call)
      storeWrites.lock();
      try {
        Claim c = claim;
        if (c == null) {
          return;
        }
        Instant now = clock.instant();
        long before;
        long target;
        long storedBefore;
        synchronized (this) {
          if (retired || leased - held >= lastChunk / 2) {
            return;
          }
          before = leased;
          storedBefore = storedSinceView;
          long limit = c.limit().nanos();
          Long remaining = viewAt == null ? null : limit - viewSpent - storedSinceView - viewOthers - held;
          target = held + chunk(lastWorstCase, limit, remaining, now);
        }
        if (target <= before) {
          return;
        }
        Instant expires = now.plus(options.leaseTtl());
        BudgetLedger.Lease answer = ledger.lease(id, c, Usd.ofNanos(target), true, now, expires);
        synchronized (this) {
          see(answer, now, storedBefore);
          if (answer.granted()) {
            raise(target, before, expires, now);
          }
        }
      } finally {
        storeWrites.unlock();
      }
    } catch (RuntimeException e) {
      // the store is unreachable or busy: calls find out on the slow path
    } finally {
      synchronized (this) {
        topUpPending = false;
      }
    }
  }

  /** After the store granted {@code target}: the local amount follows (caller holds both locks). */
  private void raise(long target, long before, Instant expires, Instant now) {
    leased += target - before;
    expiresAt = expires;
    lastChunk = Math.max(0, target - held);
    lastGrowth = now;
    inStore = target;
  }

  /**
   * The slow path: grows the lease in the store by what this call needs plus a chunk sized to what
   * the budget has left, or by exactly what it needs when the chunk does not fit.
   *
   * @throws dev.cto.costs.store.StoreException when the store cannot be reached
   */
  Took grow(Claim claimNow, long worstCase, Instant now) {
    storeWrites.lock();
    try {
      claim = claimNow;
      long limit = claimNow.limit().nanos();
      for (int attempt = 0; attempt < GROW_ATTEMPTS; attempt++) {
        Took fast = tryTake(worstCase, now);
        if (fast != Took.NO_ROOM) {
          return fast;
        }
        long before;
        long exact;
        Long remaining;
        long storedBefore;
        synchronized (this) {
          before = leased;
          exact = Math.addExact(held, worstCase);
          storedBefore = storedSinceView;
          remaining = viewAt == null ? null : limit - viewSpent - storedSinceView - viewOthers - exact;
        }
        long target = exact + chunk(worstCase, limit, remaining, now);
        Instant expires = now.plus(options.leaseTtl());
        BudgetLedger.Lease answer = ledger.lease(id, claimNow, Usd.ofNanos(target), true, now, expires);
        if (!answer.granted() && target > exact
            && answer.spent().nanos() + answer.reservedByOthers().nanos() + exact <= limit) {
          target = exact; // the chunk did not fit, the call alone does
          answer = ledger.lease(id, claimNow, Usd.ofNanos(target), true, now, expires);
        }
        synchronized (this) {
          see(answer, now, storedBefore);
          if (!answer.granted()) {
            refusedSaw = new long[] {answer.spent().nanos(), answer.reservedByOthers().nanos() + held};
            return Took.NO_ROOM;
          }
          raise(target, before, expires, now);
          // taken here, in the same step that raised it: fast-path calls must not take it all first
          if (leased - held >= worstCase) {
            held += worstCase;
            lastUse = now;
            lastWorstCase = worstCase;
            return Took.YES;
          }
        }
        // the room this call found short was taken by others meanwhile (they were admitted): again
      }
      return Took.NO_ROOM; // other calls kept taking the room grown for this one: judged as full
    } finally {
      storeWrites.unlock();
    }
  }

  /** {spent, reserved} as the last refused growth saw them. */
  synchronized long[] refusedSaw() {
    return refusedSaw == null ? new long[] {viewSpent + storedSinceView, viewOthers + held} : refusedSaw.clone();
  }

  private void see(BudgetLedger.Lease answer, Instant now, long storedBefore) {
    viewSpent = answer.spent().nanos();
    viewOthers = answer.reservedByOthers().nanos();
    viewAt = now;
    storedSinceView -= storedBefore; // records stored since the snapshot may be missing from this spend
  }

  /** The call failed: its worst case is free again. */
  synchronized void giveBack(long worstCase) {
    held -= worstCase;
  }

  /** The answer's usage is known: the call now holds its actual cost until its record is stored. */
  synchronized void spent(long worstCase, long actual) {
    held += actual - worstCase;
  }

  /** The call's record is stored, so its cost is spend: the lease no longer needs to hold it. */
  synchronized void stored(long actual) {
    held -= actual;
    leased = Math.max(0, leased - actual);
    storedSinceView += actual;
  }

  /** What is left of the budget as this lease last saw it; null before the store was first asked. */
  synchronized Long remaining(long limit) {
    return viewAt == null ? null : Math.max(0, limit - viewSpent - storedSinceView - viewOthers - held);
  }

  /**
   * Background upkeep: gives back the unused part of an idle lease, tells the store what stored
   * records freed, renews the expiry, refreshes the view of spend, and releases a lease that
   * holds nothing and has not been used for a while.
   *
   * @return false once the lease is released (forget it)
   */
  boolean sweep(Instant now) {
    if (!storeWrites.tryLock()) {
      return true; // a growth is on it
    }
    try {
      if (claim == null) {
        return true;
      }
      long target;
      long storedBefore;
      boolean writeDue;
      boolean viewDue;
      boolean idleKeep;
      synchronized (this) {
        boolean idle = lastUse.plus(options.idleReturn()).isBefore(now);
        long keep = idle ? idleKeep() : 0;
        idleKeep = keep > 0 && Math.max(0, held) + keep < leased && viewAt.plus(options.viewMaxAge()).isBefore(now);
      }
      if (idleKeep) {
        // a chunk is kept only on a fresh view of what the budget has left (near the limit, nothing
        // is): reads, no write, once per idle pause
        readView(claim, now);
      }
      synchronized (this) {
        boolean idle = lastUse.plus(options.idleReturn()).isBefore(now);
        if (held <= 0 && lastUse.plus(options.idleRelease()).isBefore(now)) {
          retired = true;
        } else if (idle && leased > held) {
          // lowered here first: no call can take it while the store is told; far from the limit the
          // last growth stays, so the calls after a short pause are admitted without the store
          long keep = idleKeep();
          long lowered = Math.max(0, held) + keep;
          if (lowered < leased) {
            leased = lowered;
            if (keep > 0) {
              lastChunk = keep; // topped up again once half of it is used
            }
          }
        }
        target = leased;
        storedBefore = storedSinceView;
        // the store is written only when it matters: an idle lease's headroom given back, stored
        // costs worth half a chunk (until then they are counted twice: that can refuse, never
        // overshoot), or the expiry half gone; the view behind the headers is refreshed by reading
        writeDue = (idle && target < inStore) || inStore - target > Math.max(1, lastChunk / 2)
            || expiresAt.isBefore(now.plus(options.leaseTtl().dividedBy(2)));
        viewDue = viewAt != null && viewAt.plus(options.viewMaxAge()).isBefore(now) && lastUse.isAfter(viewAt);
      }
      if (retired) {
        ledger.release(id);
        return false;
      }
      if (writeDue) {
        write(target, storedBefore, now);
      } else if (viewDue) {
        readView(claim, now);
      }
      return true;
    } finally {
      storeWrites.unlock();
    }
  }

  /** What an idle lease keeps beyond its calls in flight, by the last view (caller holds this). */
  private long idleKeep() {
    Claim c = claim;
    if (c == null) {
      return 0;
    }
    long limit = c.limit().nanos();
    Long remaining = viewAt == null ? null : limit - viewSpent - storedSinceView - viewOthers - Math.max(0, held);
    return options.idleKeep(lastWorstCase, lastChunk, limit, remaining);
  }

  /** Refreshes the view of spend and others' reservations by reading the store (caller holds storeWrites). */
  private void readView(Claim c, Instant now) {
    long storedBefore;
    synchronized (this) {
      storedBefore = storedSinceView;
    }
    Usd spent = ledger.spent(c.scope());
    Usd reserved = ledger.reserved(c.key(), now).getOrDefault(c.key(), Usd.ZERO);
    synchronized (this) {
      see(new BudgetLedger.Lease(true, spent, Usd.ofNanos(Math.max(0, reserved.nanos() - inStore))), now, storedBefore);
    }
  }

  /** Sets the store's amount to the local one (never more), renewing the expiry (caller holds storeWrites). */
  private void write(long target, long storedBefore, Instant now) {
    Instant expires = now.plus(options.leaseTtl());
    BudgetLedger.Lease answer = ledger.lease(id, claim, Usd.ofNanos(target), false, now, expires);
    synchronized (this) {
      see(answer, now, storedBefore);
      if (answer.granted()) {
        expiresAt = expires;
        inStore = target;
      } else {
        // the lease had expired in the store (this process stalled past its ttl): it holds nothing
        // there, so nothing here either; calls in flight are backed again by the next growth
        leased = 0;
        inStore = 0;
      }
    }
  }

  /** Releases the lease in the store (shutting down). */
  void close() {
    storeWrites.lock();
    try {
      synchronized (this) {
        retired = true;
      }
      ledger.release(id);
    } finally {
      storeWrites.unlock();
    }
  }
}
