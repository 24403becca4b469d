package dev.cto.costs.analytics;

import dev.cto.costs.domain.Usd;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The rounding rules of every analytics figure: money is exact to the nano-dollar (sums exact,
 * quotients half-even to 1e-9 USD), ratios half-even to 1e-6. Values are shown without trailing
 * zeros, as every other report shows money.
 */
final class Quotients {

  private static final int MONEY_SCALE = 9;
  private static final int RATIO_SCALE = 6;

  private Quotients() {}

  /** An exact amount as dollars: {@code 1.5} for 1.5 USD. */
  static BigDecimal usd(long nanos) {
    return plain(BigDecimal.valueOf(nanos, MONEY_SCALE));
  }

  static BigDecimal usd(Usd amount) {
    return amount == null ? null : usd(amount.nanos());
  }

  /** Money divided by a count, half-even to the nano-dollar; null when the count is 0. */
  static BigDecimal usdPer(long nanos, long count) {
    return count == 0 ? null
        : plain(BigDecimal.valueOf(nanos, MONEY_SCALE).divide(BigDecimal.valueOf(count), MONEY_SCALE, RoundingMode.HALF_EVEN));
  }

  /** A ratio of counts, half-even to 1e-6; null when the denominator is 0. */
  static BigDecimal ratio(long numerator, long denominator) {
    return denominator == 0 ? null
        : plain(BigDecimal.valueOf(numerator).divide(BigDecimal.valueOf(denominator), RATIO_SCALE, RoundingMode.HALF_EVEN));
  }

  /** A count per dollar, half-even to 1e-6; null when nothing was spent. */
  static BigDecimal perUsd(long count, long nanos) {
    return nanos == 0 ? null
        : plain(BigDecimal.valueOf(count).divide(BigDecimal.valueOf(nanos, MONEY_SCALE), RATIO_SCALE, RoundingMode.HALF_EVEN));
  }

  private static BigDecimal plain(BigDecimal value) {
    BigDecimal stripped = value.stripTrailingZeros();
    return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
  }
}
