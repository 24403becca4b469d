package dev.cto.costs.store;

import dev.cto.costs.domain.Usd;

/**
 * A new price outcome for one stored record, produced by {@code costs reprice}.
 *
 * @param cacheSavings what the record's cache reads saved at the new price (zero when unpriced)
 */
public record CostUpdate(String id, String provider, Usd cost, boolean priced, Usd cacheSavings) {

  public CostUpdate {
    java.util.Objects.requireNonNull(cacheSavings, "cacheSavings");
  }
}
