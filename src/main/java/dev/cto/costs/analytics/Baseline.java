package dev.cto.costs.analytics;

import dev.cto.costs.analytics.stats.RobustScore;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Arrays;

/**
 * The usual values something is compared with: their exact median (the "usual" people read) and
 * the robust score of a new value against them. Values are whole units (nano-dollars or
 * iterations), so the median of an even count is the exact mean of the middle two.
 */
record Baseline(int count, BigDecimal median, RobustScore score) {

  static Baseline of(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    BigDecimal median = n % 2 == 1 ? BigDecimal.valueOf(sorted[n / 2])
        : BigDecimal.valueOf(sorted[n / 2 - 1]).add(BigDecimal.valueOf(sorted[n / 2]))
            .divide(BigDecimal.valueOf(2), 1, RoundingMode.UNNECESSARY);
    double[] asDoubles = new double[n];
    for (int i = 0; i < n; i++) {
      asDoubles[i] = sorted[i];
    }
    return new Baseline(n, median, RobustScore.of(asDoubles));
  }

  double scoreOf(long value) {
    return score.score(value);
  }

  /** How many times the median the value is; null when the median is 0. */
  BigDecimal ratio(long value) {
    return median.signum() == 0 ? null
        : BigDecimal.valueOf(value).divide(median, 6, RoundingMode.HALF_EVEN);
  }
}
