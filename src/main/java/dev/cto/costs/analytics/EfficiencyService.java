package dev.cto.costs.analytics;

import dev.cto.costs.analytics.EfficiencyTally.PrOutcomeFacts;
import dev.cto.costs.domain.PrOutcome;
import dev.cto.costs.store.CostQueries;
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
 * {@code costs efficiency}: per agent and per model, from one GROUP BY over the daily rollup per
 * (repository, PR, agent, model, provider, priced), folded in Java into every group shown
 * ({@link EfficiencyRows}), and the outcomes of the PRs in range (joined in SQL against the
 * rollup). Percentiles need each PR's cost, which the fold holds one sum per (PR, agent) for: no
 * record is ever loaded.
 */
public final class EfficiencyService {

  /** Worst offenders first: the highest mean cost per PR; agents without PRs after, by cost. */
  static final Comparator<AgentEfficiency> WORST_FIRST =
      Comparator.comparing((AgentEfficiency a) -> a.costPerPrUsd().mean(), Comparator.nullsLast(Comparator.reverseOrder()))
          .thenComparing(AgentEfficiency::costUsd, Comparator.reverseOrder())
          .thenComparing(AgentEfficiency::agent);

  /** The most spent first; then by name, an unknown provider first (as SQL orders its '' sentinel). */
  static final Comparator<ModelEfficiency> MOST_SPENT_FIRST =
      Comparator.comparing(ModelEfficiency::costUsd, Comparator.reverseOrder())
          .thenComparing(ModelEfficiency::model)
          .thenComparing(ModelEfficiency::provider, Comparator.nullsFirst(Comparator.naturalOrder()));

  private final CostQueries queries;
  private final PrOutcomes outcomes;

  public EfficiencyService(CostQueries queries, PrOutcomes outcomes) {
    this.queries = queries;
    this.outcomes = outcomes;
  }

  public EfficiencyReport efficiency(AnalyticsScope scope) {
    UsageFilter filter = scope.filter();
    Map<PrKey, PrOutcomeFacts> known = new HashMap<>();
    for (PrOutcome o : outcomes.outcomesWithUsage(filter)) {
      known.put(new PrKey(o.repository(), o.prNumber()),
          new PrOutcomeFacts(o.state() == PrOutcome.State.MERGED, o.state() == PrOutcome.State.CLOSED, o.changedLines()));
    }
    EfficiencyRows rows = EfficiencyRows.fold(queries.aggregateUnordered(filter, EfficiencyRows.GROUP_BY));

    Map<String, EfficiencyTally> agents = new TreeMap<>();
    EfficiencyTally total = new EfficiencyTally();
    Map<PrKey, long[]> prs = new LinkedHashMap<>(); // cost, iterations over all agents
    rows.perPrAgent.forEach((group, row) -> {
      EfficiencyTally agent = agents.computeIfAbsent(group.agent(), a -> new EfficiencyTally());
      agent.addUsage(row);
      total.addUsage(row);
      if (group.pr() != null) {
        PrKey key = new PrKey(group.repository(), group.pr());
        agent.addPr(row.cost().nanos(), row.maxIteration(), known.get(key));
        long[] sums = prs.computeIfAbsent(key, k -> new long[2]);
        sums[0] = Math.addExact(sums[0], row.cost().nanos());
        sums[1] += row.maxIteration();
      }
    });
    prs.forEach((pr, sums) -> total.addPr(sums[0], sums[1], known.get(pr)));

    List<AgentEfficiency> agentLines = new ArrayList<>();
    agents.forEach((name, tally) -> {
      EfficiencyRows.Priced priced = rows.pricedPerAgent.getOrDefault(name, EfficiencyRows.Priced.NONE);
      agentLines.add(tally.result(name, priced.outputTokens(), priced.costNanos()));
    });
    agentLines.sort(WORST_FIRST);
    AgentEfficiency totals = total.result(null, rows.pricedTotal.outputTokens(), rows.pricedTotal.costNanos());

    List<ModelEfficiency> models = new ArrayList<>();
    rows.perModel.forEach((model, row) -> models.add(new ModelEfficiency(model.model(), model.provider(), row.records(),
        Quotients.usd(row.cost()), EfficiencyTally.cacheHitRatio(row.tokens()),
        EfficiencyTally.incompleteSavings(row) ? null : Quotients.usd(row.cacheSavings()))));
    models.sort(MOST_SPENT_FIRST);
    return new EfficiencyReport(scope.from(), scope.to(), agentLines, models, totals);
  }
}
