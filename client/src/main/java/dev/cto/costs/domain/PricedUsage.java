package dev.cto.costs.domain;

import java.util.Objects;

/**
 * A usage record with the cost fixed at ingest. An unpriced record (no price for its model at its
 * timestamp) keeps all its tokens, costs zero and says so with {@code priced == false} until
 * {@code costs reprice} finds a price.
 *
 * @param provider the record's provider, else the price's, else null
 * @param cacheSavings what its cache reads saved ({@link CostCalculator#cacheSavings}), fixed with
 *     the cost; null when unknown: a record stored before savings were recorded, until a backfill
 *     or {@code costs reprice} prices it (reports show unknown, never a zero that was not computed)
 */
public record PricedUsage(UsageRecord record, String provider, Usd cost, boolean priced, Usd cacheSavings) {

  public PricedUsage {
    Objects.requireNonNull(record, "record");
    Objects.requireNonNull(cost, "cost");
    if (!priced && cost.nanos() != 0) {
      throw new IllegalArgumentException("an unpriced record cannot have a cost");
    }
    if (!priced && cacheSavings != null && cacheSavings.nanos() != 0) {
      throw new IllegalArgumentException("an unpriced record cannot have cache savings");
    }
  }

  /**
   * Without savings figures: they are zero where they cannot be anything else (no price, or no
   * cache reads) and unknown otherwise.
   */
  public PricedUsage(UsageRecord record, String provider, Usd cost, boolean priced) {
    this(record, provider, cost, priced, priced && record.tokens().cacheRead() > 0 ? null : Usd.ZERO);
  }

  public String id() {
    return record.id();
  }

  public Attribution attribution() {
    return record.attribution();
  }
}
