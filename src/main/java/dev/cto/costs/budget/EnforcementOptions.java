package dev.cto.costs.budget;

import java.time.Duration;

/**
 * How the proxy's budget enforcement trades store round trips against headroom held in advance
 * (docs/budgets.md, "Enforcement").
 *
 * @param leaseTtl how long a lease counts in the store without being renewed: the most a dead
 *     process's lease keeps other replicas from money
 * @param chunkCalls a lease grows by this many worst-case calls beyond what it needs (twice its last
 *     growth when that was recent, so a lease under a high call rate doubles rather than going to
 *     the store every few calls)
 * @param chunkDivisor ... and by at most this fraction (1/n) of what the budget has left, so that
 *     near the limit leases shrink to one call and every call is judged by the store
 * @param idleReturn a lease unused this long gives its unused part back, all but its last growth while
 *     the budget is far from its limit (see {@link #idleKeep})
 * @param idleRelease a lease holding nothing and unused this long is released
 * @param viewMaxAge how old the spend behind {@code x-cto-budget-remaining-usd} may get
 * @param sweepEvery how often leases are shrunk, renewed and released in the background
 * @param unstoredHold how long a call's cost stays held when its record could not be stored at once
 *     (it went to the proxy's spool, replayed every few seconds)
 */
public record EnforcementOptions(Duration leaseTtl, int chunkCalls, int chunkDivisor, Duration idleReturn,
    Duration idleRelease, Duration viewMaxAge, Duration sweepEvery, Duration unstoredHold) {

  public static final EnforcementOptions DEFAULTS = new EnforcementOptions(Duration.ofSeconds(60), 16, 8,
      Duration.ofSeconds(2), Duration.ofSeconds(60), Duration.ofSeconds(1), Duration.ofMillis(250),
      Duration.ofSeconds(60));

  /** Every call goes to the store (no headroom held ahead): the store's own protocol, for comparison. */
  public EnforcementOptions withoutChunks() {
    return new EnforcementOptions(leaseTtl, 0, chunkDivisor, idleReturn, idleRelease, viewMaxAge, sweepEvery,
        unstoredHold);
  }

  /**
   * What a lease may hold beyond its calls in flight and this call, given what the budget has left
   * (null: not known yet, the limit stands in).
   */
  long chunk(long worstCase, long limit, Long remaining) {
    if (chunkCalls == 0) {
      return 0;
    }
    long room = remaining == null ? limit : Math.max(0, remaining);
    long byCalls = Math.multiplyHigh(worstCase, chunkCalls) != 0 ? Long.MAX_VALUE : worstCase * chunkCalls;
    return Math.min(byCalls, room / chunkDivisor);
  }

  /**
   * What an idle lease keeps beyond its calls in flight: far from the limit (its chunk of {@code
   * chunkCalls} worst cases not cut down by what the budget has left) as much as its last growth
   * left free, at least that chunk, so that the burst of calls after a pause of a few seconds is
   * admitted in memory instead of waiting for a store write; near the limit nothing, so other
   * replicas and client reservations get every nano-dollar back. Never more than 1/chunkDivisor of
   * what is left: the bound a growing lease keeps to as well. A lease holding nothing is still
   * released after {@code idleRelease}.
   *
   * @param lastGrowth what the lease's last growth left free beyond its calls
   * @param remaining what the budget has left beyond this lease's calls; null (not known): nothing kept
   */
  long idleKeep(long worstCase, long lastGrowth, long limit, Long remaining) {
    if (chunkCalls == 0 || worstCase <= 0 || remaining == null) {
      return 0;
    }
    long cap = Math.max(0, remaining) / chunkDivisor;
    long byCalls = Math.multiplyHigh(worstCase, chunkCalls) != 0 ? Long.MAX_VALUE : worstCase * chunkCalls;
    return byCalls > cap ? 0 : Math.min(Math.max(byCalls, lastGrowth), cap);
  }
}
