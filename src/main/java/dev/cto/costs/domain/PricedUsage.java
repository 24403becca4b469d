package dev.cto.costs.domain;

import java.util.Objects;

/**
 * A usage record with the cost fixed at ingest. An unpriced record (no price for its model at its
 * timestamp) keeps all its tokens, costs zero and says so with {@code priced == false} until
 * {@code costs reprice} finds a price.
 *
 * @param provider the record's provider, else the price's, else null
 */
public record PricedUsage(UsageRecord record, String provider, Usd cost, boolean priced) {

  public PricedUsage {
    Objects.requireNonNull(record, "record");
    Objects.requireNonNull(cost, "cost");
    if (!priced && cost.nanos() != 0) {
      throw new IllegalArgumentException("an unpriced record cannot have a cost");
    }
  }

  public String id() {
    return record.id();
  }

  public Attribution attribution() {
    return record.attribution();
  }
}
