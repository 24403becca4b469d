package dev.cto.costs.analytics;

import dev.cto.costs.store.CostQueries;
import dev.cto.costs.store.Dimension;
import dev.cto.costs.store.GroupTotals;
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
 * each over the scope plus the baseline window before it. No record is loaded.
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
    for (GroupTotals g : queries.aggregate(filter, List.of(Dimension.REPOSITORY, Dimension.PR, Dimension.AGENT), 0)) {
      Long pr = g.pr(1);
      if (pr == null) {
        continue; // work without a PR has no PR cost
      }
      works.add(new PrWork(g.string(0), pr, g.string(2), g.firstAt().atZone(ZoneOffset.UTC).toLocalDate(),
          g.cost().nanos(), g.maxIteration()));
    }
    return works;
  }

  private Map<LocalDate, Long> dailySpend(AnalyticsScope scope) {
    UsageFilter filter = new UsageFilter(scope.repository(), null, scope.agent(),
        startOf(scope.from().minusDays(AnomalyRule.DAY_WINDOW_DAYS)), scope.end(), null);
    Map<LocalDate, Long> spend = new HashMap<>();
    for (GroupTotals g : queries.aggregate(filter, Dimension.DAY)) {
      spend.put((LocalDate) g.key().get(0), g.cost().nanos());
    }
    return spend;
  }

  private static Instant startOf(LocalDate day) {
    return day.atStartOfDay(ZoneOffset.UTC).toInstant();
  }
}
