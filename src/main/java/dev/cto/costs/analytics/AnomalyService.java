package dev.cto.costs.analytics;

import dev.cto.costs.store.CostQueries;
import dev.cto.costs.store.PrAgentWork;
import dev.cto.costs.store.UsageFilter;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds cost anomalies (docs/reports.md, "anomalies"). Two aggregations in SQL over the daily
 * rollup give everything: the agents' cost and highest iteration per PR, and the spend per day,
 * each over the scope plus the baseline window before it. Both read only the sums they need, each
 * from an index of its own ({@link CostQueries#prAgentWork}, {@link CostQueries#dailyCost}). No
 * record is loaded.
 */
public final class AnomalyService {

  private static final Comparator<Anomaly> NEWEST_THEN_STRONGEST = Comparator.comparing(Anomaly::date).reversed()
      .thenComparing(Comparator.comparing(Anomaly::score).reversed())
      .thenComparing(Anomaly::kind)
      .thenComparing(Anomaly::subject);

  private final CostQueries queries;

  public AnomalyService(CostQueries queries) {
    this.queries = queries;
  }

  /** @param kind one kind, or null for all three */
  public AnomalyReport anomalies(AnalyticsScope scope, AnomalyKind kind) {
    List<Anomaly> found = new ArrayList<>();
    boolean cost = kind == null || kind == AnomalyKind.PR_COST;
    boolean iterations = kind == null || kind == AnomalyKind.ITERATION_LOOP;
    if (cost || iterations) {
      found.addAll(PrAnomalies.find(prWork(scope), scope, cost, iterations));
    }
    if (kind == null || kind == AnomalyKind.DAILY_SPEND) {
      found.addAll(DailySpendAnomalies.find(dailySpend(scope), scope));
    }
    found.sort(NEWEST_THEN_STRONGEST);
    return new AnomalyReport(scope.from(), scope.to(), found);
  }

  /**
   * Per (repository, PR, agent) over the scope and the {@value AnomalyRule#PR_WINDOW_DAYS} days
   * before. Not narrowed to the scope's repository: an agent's usual is measured over all its PRs.
   */
  private List<PrWork> prWork(AnalyticsScope scope) {
    UsageFilter filter = new UsageFilter(null, null, scope.agent(), startOf(scope.from().minusDays(AnomalyRule.PR_WINDOW_DAYS)),
        scope.end(), null);
    List<PrWork> works = new ArrayList<>();
    for (PrAgentWork w : queries.prAgentWork(filter)) {
      works.add(new PrWork(w.repository(), w.prNumber(), w.agent(), w.firstDay(), w.cost().nanos(), w.maxIteration()));
    }
    return works;
  }

  /** Spend per day over the scope and the {@value AnomalyRule#DAY_WINDOW_DAYS} days before; days without records are left out. */
  private Map<LocalDate, Long> dailySpend(AnalyticsScope scope) {
    UsageFilter filter = new UsageFilter(scope.repository(), null, scope.agent(),
        startOf(scope.from().minusDays(AnomalyRule.DAY_WINDOW_DAYS)), scope.end(), null);
    Map<LocalDate, Long> spend = new HashMap<>();
    queries.dailyCost(filter).forEach((day, cost) -> spend.put(day, cost.nanos()));
    return spend;
  }

  private static Instant startOf(LocalDate day) {
    return day.atStartOfDay(ZoneOffset.UTC).toInstant();
  }
}
