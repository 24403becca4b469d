package dev.cto.costs.store;

import dev.cto.costs.domain.Usd;

/** A new price outcome for one stored record, produced by {@code costs reprice}. */
public record CostUpdate(String id, String provider, Usd cost, boolean priced) {}
