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

  private static BigDecimal term(long tokens, BigDecimal usdPerMillion) {
    return tokens == 0 ? BigDecimal.ZERO : usdPerMillion.multiply(BigDecimal.valueOf(tokens));
  }
}
