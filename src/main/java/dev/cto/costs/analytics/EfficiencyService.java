package dev.cto.costs.analytics;

import dev.cto.costs.analytics.EfficiencyTally.PrOutcomeFacts;
import dev.cto.costs.domain.PrOutcome;
import dev.cto.costs.store.CostQueries;
import dev.cto.costs.store.Dimension;
import dev.cto.costs.store.GroupTotals;
import dev.cto.costs.store.PrOutcomes;
import dev.cto.costs.store.PrOutcomes.PrKey;
import dev.cto.costs.store.UsageFilter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code costs efficiency}: per agent and per model, from three GROUP BYs over the daily rollup
 * (per repository, PR and agent; priced records per agent; per model and provider) and the
 * outcomes of the PRs in range (joined in SQL against the rollup). Percentiles need each PR's cost,
 * which the first query already holds one row per (PR, agent) for: no record is ever loaded.
 */
public final class EfficiencyService {

  /** Worst offenders first: the highest mean cost per PR; agents without PRs after, by cost. */
  static final Comparator<AgentEfficiency> WORST_FIRST =
      Comparator.comparing((AgentEfficiency a) -> a.costPerPrUsd().mean(), Comparator.nullsLast(Comparator.reverseOrder()))
          .thenComparing(AgentEfficiency::costUsd, Comparator.reverseOrder())
          .thenComparing(AgentEfficiency::agent);

  private final CostQueries queries;
  private final PrOutcomes outcomes;

  public EfficiencyService(CostQueries queries, PrOutcomes outcomes) {
    this.queries = queries;
    this.outcomes = outcomes;
  }

  public EfficiencyReport efficiency(AnalyticsScope scope) {
    UsageFilter filter = scope.filter();
    Map<String, EfficiencyTally> agents = new TreeMap<>();
    EfficiencyTally total = new EfficiencyTally();
    Map<PrKey, PrOutcomeFacts> known = new HashMap<>();
    for (PrOutcome o : outcomes.outcomesWithUsage(filter)) {
      known.put(new PrKey(o.repository(), o.prNumber()),
          new PrOutcomeFacts(o.state() == PrOutcome.State.MERGED, o.state() == PrOutcome.State.CLOSED, o.changedLines()));
    }
    Map<PrKey, long[]> prs = new LinkedHashMap<>(); // cost, iterations over all agents
    for (GroupTotals row : queries.aggregate(filter, Dimension.REPOSITORY, Dimension.PR, Dimension.AGENT)) {
      EfficiencyTally agent = agents.computeIfAbsent(row.string(2), a -> new EfficiencyTally());
      agent.addUsage(row);
      total.addUsage(row);
      Long pr = row.pr(1);
      if (pr != null) {
        PrKey key = new PrKey(row.string(0), pr);
        agent.addPr(row.cost().nanos(), row.maxIteration(), known.get(key));
        long[] sums = prs.computeIfAbsent(key, k -> new long[2]);
        sums[0] = Math.addExact(sums[0], row.cost().nanos());
        sums[1] += row.maxIteration();
      }
    }
    prs.forEach((pr, sums) -> total.addPr(sums[0], sums[1], known.get(pr)));

    Map<String, GroupTotals> pricedByAgent = new TreeMap<>();
    for (GroupTotals row : queries.aggregate(filter.withPriced(true), Dimension.AGENT)) {
      pricedByAgent.put(row.string(0), row);
    }
    List<AgentEfficiency> agentLines = new ArrayList<>();
    agents.forEach((name, tally) -> {
      GroupTotals priced = pricedByAgent.get(name);
      agentLines.add(tally.result(name, priced == null ? 0 : priced.tokens().output(), priced == null ? 0 : priced.cost().nanos()));
    });
    agentLines.sort(WORST_FIRST);
    GroupTotals pricedTotal = queries.totals(filter.withPriced(true));
    AgentEfficiency totals = total.result(null, pricedTotal.tokens().output(), pricedTotal.cost().nanos());

    List<ModelEfficiency> models = new ArrayList<>();
    // ordered by cost descending, then model and provider, by the query
    for (GroupTotals row : queries.aggregate(filter, Dimension.MODEL, Dimension.PROVIDER)) {
      models.add(new ModelEfficiency(row.string(0), row.string(1), row.records(), Quotients.usd(row.cost()),
          EfficiencyTally.cacheHitRatio(row.tokens()),
          EfficiencyTally.incompleteSavings(row) ? null : Quotients.usd(row.cacheSavings())));
    }
    return new EfficiencyReport(scope.from(), scope.to(), agentLines, models, totals);
  }
}
