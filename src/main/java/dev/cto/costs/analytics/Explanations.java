package dev.cto.costs.analytics;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Pieces of the sentences that explain an anomaly to people. */
final class Explanations {

  private Explanations() {}

  static String pr(String repository, long pr) {
    return (repository == null || repository.isEmpty() ? "" : repository) + "#" + pr;
  }

  /** "6.1×", or "far above" when the usual is zero (no ratio exists). */
  static String times(BigDecimal ratio) {
    return ratio == null ? "far above" : ratio.setScale(1, RoundingMode.HALF_EVEN).toPlainString() + "×";
  }

  /** The score as shown and stored: two decimals. */
  static BigDecimal score(double score) {
    return BigDecimal.valueOf(score).setScale(2, RoundingMode.HALF_EVEN);
  }
}
