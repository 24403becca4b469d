package dev.cto.costs.analytics;

import dev.cto.costs.analytics.stats.RobustScore;
import java.math.BigDecimal;

/**
 * When a value is an anomaly (docs/reports.md, "anomalies"): its robust z-score against the
 * baseline is above {@value #THRESHOLD} (Iglewicz and Hoaglin's outlier threshold) AND it is at
 * least {@value #MIN_RATIO} times the baseline's median. The score alone would flag a PR of 5
 * iterations against a steady 3 (a tiny spread makes any step "far"); the ratio alone would flag
 * noise on a volatile history. Both together ask for "far above" in spread and in size.
 */
final class AnomalyRule {

  static final double THRESHOLD = RobustScore.OUTLIER;
  static final int MIN_RATIO = 3;
  /** The baseline of a PR: the agent's PRs that started in this many days before it. */
  static final int PR_WINDOW_DAYS = 30;
  /** Fewer baseline PRs than this give no verdict: a median of a handful is not "usual". */
  static final int MIN_PRS = 8;
  /** An iteration loop is also at least this many iterations above the usual. */
  static final int MIN_EXTRA_ITERATIONS = 3;
  /** The baseline of a day: this many days before it. */
  static final int DAY_WINDOW_DAYS = 28;
  /** Fewer baseline days with history than this give no verdict. */
  static final int MIN_DAYS = 14;

  private AnomalyRule() {}

  static boolean isAnomaly(Baseline baseline, long value, double score) {
    return score > THRESHOLD
        && BigDecimal.valueOf(value).compareTo(baseline.median().multiply(BigDecimal.valueOf(MIN_RATIO))) >= 0;
  }

  /**
   * An iteration loop also needs {@value #MIN_EXTRA_ITERATIONS} iterations above the usual: against
   * a usual of 1, a PR of 3 iterations is three times the median, yet an ordinary review round trip.
   */
  static boolean isIterationLoop(Baseline baseline, long value, double score) {
    return isAnomaly(baseline, value, score)
        && BigDecimal.valueOf(value).subtract(baseline.median()).compareTo(BigDecimal.valueOf(MIN_EXTRA_ITERATIONS)) >= 0;
  }

  /** The rule of a per-PR kind: iteration loops also ask for the extra iterations. */
  static boolean isAnomaly(AnomalyKind kind, Baseline baseline, long value, double score) {
    return kind == AnomalyKind.ITERATION_LOOP ? isIterationLoop(baseline, value, score) : isAnomaly(baseline, value, score);
  }
}
