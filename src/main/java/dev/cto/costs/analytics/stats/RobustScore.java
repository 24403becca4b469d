package dev.cto.costs.analytics.stats;

import java.util.Arrays;

/**
 * How far a value lies from a baseline, in robust standard deviations: the modified z-score of
 * Iglewicz and Hoaglin, 0.6745 · (x − median) / MAD, where MAD is the median absolute deviation.
 * Median and MAD ignore a few outliers in the baseline, so one runaway PR does not hide the next
 * (a mean and standard deviation would be dragged towards it). They recommend flagging scores
 * above 3.5.
 *
 * <p>When more than half of the baseline is one value the MAD is 0; the deviation is then scaled by
 * the mean absolute deviation instead (the 1.253314 · meanAD form of the same estimate), and when
 * that is 0 too (a constant baseline) by a floor of 10 % of the median, so a constant history
 * still says how far a new value is from it instead of dividing by zero.
 *
 * @param median the baseline's median
 * @param scale the robust standard deviation used (MAD / 0.6745, or its fallbacks), > 0
 */
public record RobustScore(double median, double scale) {

  /** The usual threshold for an outlier (Iglewicz and Hoaglin). */
  public static final double OUTLIER = 3.5;

  private static final double MAD_TO_SIGMA = 1 / 0.6745;
  private static final double MEAN_AD_TO_SIGMA = 1.253314;

  public RobustScore {
    if (!(scale > 0)) {
      throw new IllegalArgumentException("scale must be > 0, was " + scale);
    }
  }

  /** The baseline of these values; at least one value is needed. */
  public static RobustScore of(double... baseline) {
    if (baseline.length == 0) {
      throw new IllegalArgumentException("a robust score needs a baseline of at least one value");
    }
    double median = median(baseline);
    double[] deviations = new double[baseline.length];
    double meanDeviation = 0;
    for (int i = 0; i < baseline.length; i++) {
      deviations[i] = Math.abs(baseline[i] - median);
      meanDeviation += deviations[i] / baseline.length;
    }
    double mad = median(deviations);
    double scale = mad > 0 ? mad * MAD_TO_SIGMA
        : meanDeviation > 0 ? meanDeviation * MEAN_AD_TO_SIGMA
        : Math.max(Math.abs(median) * 0.1, Double.MIN_NORMAL);
    return new RobustScore(median, scale);
  }

  /** The value's distance above (positive) or below (negative) the median, in robust deviations. */
  public double score(double value) {
    return (value - median) / scale;
  }

  public boolean isOutlier(double value, double threshold) {
    return score(value) > threshold;
  }

  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }
}
