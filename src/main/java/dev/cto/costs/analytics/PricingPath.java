package dev.cto.costs.analytics;

import dev.cto.costs.domain.ModelPrice;
import dev.cto.costs.domain.TokenRates;
import java.math.BigDecimal;
import java.util.stream.Stream;

/**
 * How a what-if prices one model's records of one day with TO's price of that day, exactly as if
 * each record had been priced alone at ingest (half-even to the nano-dollar, per record).
 *
 * <p>A record's cost is linear in its tokens, and with rates in whole thousandths of a dollar per
 * million tokens every term is a whole number of nano-dollars, so rounding never happens and the
 * price of summed tokens equals the sum of the records' prices: the daily rollup answers
 * ({@link #SUMS}). A long-context tier bills a whole record by its own size, which sums have lost:
 * the records table sums each side of the threshold apart ({@link #SPLIT_SUMS}). Finer rates round
 * per record, so those records are priced one by one ({@link #RECORDS}).
 */
enum PricingPath {
  SUMS,
  SPLIT_SUMS,
  RECORDS;

  static PricingPath of(ModelPrice to) {
    if (!wholeNanos(to.rates()) || to.longContext() != null && !wholeNanos(to.longContext().rates())) {
      return RECORDS;
    }
    return to.longContext() == null ? SUMS : SPLIT_SUMS;
  }

  private static boolean wholeNanos(TokenRates r) {
    return Stream.of(r.input(), r.output(), r.effectiveCacheWrite(), r.effectiveCacheWrite1h(), r.effectiveCacheRead())
        .allMatch(PricingPath::wholeNanosPerToken);
  }

  /** USD per million tokens × 1000 = nano-dollars per token. */
  private static boolean wholeNanosPerToken(BigDecimal usdPerMillion) {
    return usdPerMillion.movePointRight(3).stripTrailingZeros().scale() <= 0;
  }
}
