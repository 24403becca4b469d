package dev.cto.costs.domain;

import java.math.BigDecimal;

/**
 * Prices one request exactly: the sum over token kinds of tokens × USD-per-million, computed in
 * {@link BigDecimal} without intermediate rounding, then rounded half-even once to the nano-dollar.
 */
public final class CostCalculator {

  private CostCalculator() {}

  public static Usd cost(ModelPrice price, TokenCounts tokens) {
    return cost(price.ratesFor(tokens), tokens);
  }

  public static Usd cost(TokenRates rates, TokenCounts tokens) {
    BigDecimal perMillionTokens =
        term(tokens.input(), rates.input())
            .add(term(tokens.output(), rates.output()))
            .add(term(tokens.cacheWrite5m(), rates.effectiveCacheWrite()))
            .add(term(tokens.cacheWrite1h(), rates.effectiveCacheWrite1h()))
            .add(term(tokens.cacheRead(), rates.effectiveCacheRead()));
    // tokens × $/M × 1000 = nano-dollars; Usd.of rounds half-even at 1e-9 USD.
    return Usd.of(perMillionTokens.movePointLeft(6));
  }

  /**
   * What reading {@code tokens.cacheRead()} from the cache saved against sending them as uncached
   * input: cache reads × (input price − cache-read price), at the rates this request is billed at
   * (so the long-context rates when its whole input passes the threshold), rounded half-even once
   * to the nano-dollar like the cost. Zero without cache reads, or when reads cost the input price.
   */
  public static Usd cacheSavings(ModelPrice price, TokenCounts tokens) {
    if (tokens.cacheRead() == 0) {
      return Usd.ZERO;
    }
    TokenRates rates = price.ratesFor(tokens);
    BigDecimal perToken = rates.input().subtract(rates.effectiveCacheRead());
    return Usd.of(term(tokens.cacheRead(), perToken).movePointLeft(6));
  }

  private static BigDecimal term(long tokens, BigDecimal usdPerMillion) {
    return tokens == 0 ? BigDecimal.ZERO : usdPerMillion.multiply(BigDecimal.valueOf(tokens));
  }
}
