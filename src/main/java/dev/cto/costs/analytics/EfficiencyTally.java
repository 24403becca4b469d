package dev.cto.costs.analytics;

import dev.cto.costs.domain.TokenCounts;
import dev.cto.costs.store.GroupTotals;
import java.math.BigDecimal;
import java.util.Arrays;

/**
 * Sums one group (an agent, or everything) from per-(repository, PR, agent) rows that SQL already
 * aggregated, and turns the sums into an {@link AgentEfficiency}. Plain long arithmetic, exact.
 */
final class EfficiencyTally {

  private long records;
  private long costNanos;
  private TokenCounts tokens = TokenCounts.ZERO;
  private long savingsNanos;
  private boolean savingsIncomplete;
  private long iterations;
  private long costOnPrsNanos;
  private long[] prCosts = new long[16];
  private int prs;
  // outcomes
  private boolean anyOutcome;
  private long mergedPrs;
  private long mergedCostNanos;
  private long mergedLines;
  private long closedUnmergedNanos;

  /** Adds one aggregated row that has no PR or whose PR is counted elsewhere. */
  void addUsage(GroupTotals row) {
    records += row.records();
    costNanos = Math.addExact(costNanos, row.cost().nanos());
    tokens = tokens.plus(row.tokens());
    savingsNanos = Math.addExact(savingsNanos, row.cacheSavings().nanos());
    savingsIncomplete |= incompleteSavings(row);
  }

  /** Adds one PR of the group: its cost (all of the group's spending on it) and iterations. */
  void addPr(long prCostNanos, long prIterations, PrOutcomeFacts outcome) {
    if (prs == prCosts.length) {
      prCosts = Arrays.copyOf(prCosts, prs * 2);
    }
    prCosts[prs++] = prCostNanos;
    iterations += prIterations;
    costOnPrsNanos = Math.addExact(costOnPrsNanos, prCostNanos);
    if (outcome != null) {
      anyOutcome = true;
      if (outcome.merged()) {
        mergedPrs++;
        mergedCostNanos = Math.addExact(mergedCostNanos, prCostNanos);
        mergedLines = Math.addExact(mergedLines, outcome.changedLines());
      } else if (outcome.closedUnmerged()) {
        closedUnmergedNanos = Math.addExact(closedUnmergedNanos, prCostNanos);
      }
    }
  }

  /**
   * A row's savings are incomplete when some of its records have none yet and it holds priced
   * cache reads (without cache reads or without a price the savings are zero anyway).
   */
  static boolean incompleteSavings(GroupTotals row) {
    return row.unknownSavingsRecords() > 0 && row.tokens().cacheRead() > 0 && row.records() > row.unpricedRecords();
  }

  static BigDecimal cacheHitRatio(TokenCounts t) {
    BigDecimal r = Quotients.ratio(t.cacheRead(), t.wholeInput());
    return r == null ? BigDecimal.ZERO : r;
  }

  /**
   * @param pricedOutput output tokens of the group's priced records
   * @param pricedCostNanos their cost
   */
  AgentEfficiency result(String agent, long pricedOutput, long pricedCostNanos) {
    CostPerPr perPr = CostPerPr.of(Arrays.copyOf(prCosts, prs));
    return new AgentEfficiency(agent, prs, records, iterations, Quotients.usd(costNanos), perPr,
        Quotients.usdPer(costOnPrsNanos, iterations), Quotients.ratio(iterations, prs), cacheHitRatio(tokens),
        savingsIncomplete ? null : Quotients.usd(savingsNanos), Quotients.perUsd(pricedOutput, pricedCostNanos),
        anyOutcome ? mergedPrs : null,
        anyOutcome ? Quotients.usdPer(mergedCostNanos, mergedPrs) : null,
        anyOutcome ? Quotients.usd(closedUnmergedNanos) : null,
        anyOutcome && mergedPrs > 0 ? Quotients.usdPer(mergedCostNanos, mergedLines) : null);
  }

  /**
   * What efficiency needs from a PR's outcome: whether it merged, closed without merging, and
   * how many lines it changed.
   */
  record PrOutcomeFacts(boolean merged, boolean closedUnmerged, long changedLines) {}
}
