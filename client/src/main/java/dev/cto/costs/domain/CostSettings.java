package dev.cto.costs.domain;

import java.util.Objects;

/**
 * The part of the cost config the core acts on, as one immutable snapshot: a config reload swaps
 * the whole snapshot atomically, so a request never sees prices from one file and thresholds from
 * another.
 *
 * @param enabled when false, the collector refuses new records with a message saying so
 * @param defaultRepository applied to records that name no repository; may be null
 */
public record CostSettings(
    boolean enabled, Thresholds thresholds, String defaultRepository, PricingCatalog catalog) {

  public CostSettings {
    Objects.requireNonNull(thresholds, "thresholds");
    Objects.requireNonNull(catalog, "catalog");
  }

  public static CostSettings of(PricingCatalog catalog) {
    return new CostSettings(true, Thresholds.NONE, null, catalog);
  }
}
