package dev.cto.costs.domain;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * Prices in USD per million tokens for each token kind. Cache prices may be null: a missing cache
 * write or cache read price means those tokens cost the input price (docs/config.md); a missing 1h
 * cache write price means the (5m) cache write price.
 */
public record TokenRates(
    BigDecimal input,
    BigDecimal output,
    BigDecimal cacheWrite,
    BigDecimal cacheWrite1h,
    BigDecimal cacheRead) {

  public TokenRates {
    requirePrice("input_cost_per_million", Objects.requireNonNull(input, "input price"));
    requirePrice("output_cost_per_million", Objects.requireNonNull(output, "output price"));
    requirePrice("cache_write_cost_per_million", cacheWrite);
    requirePrice("cache_write_1h_cost_per_million", cacheWrite1h);
    requirePrice("cache_read_cost_per_million", cacheRead);
  }

  public static TokenRates of(String input, String output) {
    return new TokenRates(new BigDecimal(input), new BigDecimal(output), null, null, null);
  }

  public BigDecimal effectiveCacheWrite() {
    return cacheWrite != null ? cacheWrite : input;
  }

  public BigDecimal effectiveCacheWrite1h() {
    return cacheWrite1h != null ? cacheWrite1h : effectiveCacheWrite();
  }

  public BigDecimal effectiveCacheRead() {
    return cacheRead != null ? cacheRead : input;
  }

  private static void requirePrice(String field, BigDecimal price) {
    if (price != null && price.signum() < 0) {
      throw new IllegalArgumentException(field + " must be >= 0, was " + price.toPlainString());
    }
  }
}
