package dev.cto.costs.domain;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * One model's prices from a date on.
 *
 * @param model the name reports show
 * @param aliases other names the model is called by (dated ids, provider-prefixed ids)
 * @param effectiveFrom first UTC day these prices apply, or null for "always" (the oldest entry)
 * @param longContext null when the model has no long-context tier
 */
public record ModelPrice(
    String model,
    String provider,
    List<String> aliases,
    LocalDate effectiveFrom,
    TokenRates rates,
    LongContextTier longContext) {

  public ModelPrice {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(rates, "rates");
    aliases = aliases == null ? List.of() : List.copyOf(aliases);
    if (model.isBlank()) {
      throw new IllegalArgumentException("model must not be blank");
    }
  }

  public static ModelPrice simple(String model, String provider, TokenRates rates) {
    return new ModelPrice(model, provider, List.of(), null, rates, null);
  }

  /** The rates a request with these tokens is billed at. */
  public TokenRates ratesFor(TokenCounts tokens) {
    return longContext != null && longContext.appliesTo(tokens) ? longContext.rates() : rates;
  }
}
