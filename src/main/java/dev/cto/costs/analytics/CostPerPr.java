package dev.cto.costs.analytics;

import dev.cto.costs.analytics.stats.NearestRank;
import java.math.BigDecimal;

/**
 * The distribution of what a group spent on each of its PRs: mean (half-even to the nano-dollar),
 * and median, 90th percentile and maximum by nearest rank (each one PR's exact cost). All null
 * when the group worked on no PR.
 */
public record CostPerPr(BigDecimal mean, BigDecimal median, BigDecimal p90, BigDecimal max) {

  static final CostPerPr NONE = new CostPerPr(null, null, null, null);

  static CostPerPr of(long[] prCostNanos) {
    if (prCostNanos.length == 0) {
      return NONE;
    }
    long sum = 0;
    for (long c : prCostNanos) {
      sum = Math.addExact(sum, c);
    }
    NearestRank ranks = NearestRank.of(prCostNanos);
    return new CostPerPr(Quotients.usdPer(sum, prCostNanos.length), Quotients.usd(ranks.median()),
        Quotients.usd(ranks.percentile(0.9)), Quotients.usd(ranks.max()));
  }
}
