package dev.cto.costs.analytics.stats;

import java.util.Arrays;

/**
 * Percentiles by nearest rank: the q-percentile of n values is the ⌈q·n⌉-th smallest. It is always
 * one of the values, so a percentile of exact amounts is itself exact (an interpolating estimator
 * would invent amounts nobody spent, and work in doubles that cannot hold every nano-dollar sum).
 */
public final class NearestRank {

  private final long[] sorted;

  private NearestRank(long[] sorted) {
    this.sorted = sorted;
  }

  /** The values are copied and sorted once; any number of percentiles are then read in O(1). */
  public static NearestRank of(long... values) {
    long[] copy = values.clone();
    Arrays.sort(copy);
    return new NearestRank(copy);
  }

  public int count() {
    return sorted.length;
  }

  /**
   * The ⌈q·n⌉-th smallest value (the smallest for q = 0).
   *
   * @throws IllegalStateException when there are no values
   * @throws IllegalArgumentException when q is outside [0, 1]
   */
  public long percentile(double q) {
    if (!(q >= 0 && q <= 1)) {
      throw new IllegalArgumentException("a percentile is between 0 and 1, was " + q);
    }
    if (sorted.length == 0) {
      throw new IllegalStateException("no values");
    }
    // the small tolerance keeps 0.9 * 10 at rank 9: in doubles it is 9.000000000000002
    int rank = (int) Math.ceil(q * sorted.length - 1e-9);
    return sorted[Math.max(rank, 1) - 1];
  }

  public long median() {
    return percentile(0.5);
  }

  public long max() {
    return percentile(1);
  }

  public long min() {
    return percentile(0);
  }
}
