package dev.cto.costs.store;

import dev.cto.costs.domain.PricedUsage;
import dev.cto.costs.domain.ThresholdCrossing;
import dev.cto.costs.domain.ThresholdLevel;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * The write side of the store. Every method is one transaction: it commits whole or not at all,
 * and a method that returns has committed durably.
 */
public interface UsageStore extends AutoCloseable {

  /**
   * Inserts the records in one transaction. A record whose id is already stored (or appears earlier
   * in the same list) is skipped, not updated.
   *
   * @return the ids that were new and are now stored
   * @throws StoreException when the transaction could not commit; then nothing was stored
   */
  Set<String> insert(List<PricedUsage> records);

  /**
   * Replaces the cost, provider and priced flag of stored records (by id) in one transaction, and
   * keeps every derived aggregate consistent with them.
   *
   * @return how many records changed
   */
  int updateCosts(List<CostUpdate> updates);

  /**
   * Fills in the cache savings of records stored before savings were recorded: zero where they
   * cannot be anything else (no cache reads, or no price), else {@code savings} of the record
   * (null leaves it unknown, e.g. its model has no price now). Commits in chunks, each keeping
   * every derived aggregate consistent; safe to run again or from several processes.
   *
   * @return how many records got their savings
   */
  long fillCacheSavings(java.util.function.Function<PricedUsage, dev.cto.costs.domain.Usd> savings);

  /** Deletes records older than {@code cutoff} in one transaction; returns how many. */
  long deleteOlderThan(Instant cutoff);

  /**
   * Records that a PR crossed a threshold level unless that (repository, PR, level) was recorded
   * before, by this or any other process.
   *
   * @return true when this call recorded it (the caller should alert), false when it was known
   */
  boolean recordCrossing(ThresholdCrossing crossing);

  /** The threshold levels already recorded for a PR. */
  Set<ThresholdLevel> crossedLevels(String repository, long prNumber);

  /** The crossings recorded for a PR, oldest first. */
  List<ThresholdCrossing> crossings(String repository, long prNumber);

  /** Cheap liveness probe of the backing database. */
  boolean isReachable();

  /**
   * What the store can do now, answered without waiting on the database (readiness, metrics).
   * Stores that do not track faults answer from {@link #isReachable()}.
   */
  default StoreHealth health() {
    return isReachable() ? StoreHealth.UP : new StoreHealth(StoreHealth.Condition.UNREACHABLE, "not reachable");
  }

  @Override
  void close();
}
