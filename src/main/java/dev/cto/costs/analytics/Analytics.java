package dev.cto.costs.analytics;

import dev.cto.costs.domain.CostSettings;
import dev.cto.costs.store.CostQueries;
import dev.cto.costs.store.PrOutcomes;
import java.time.Clock;
import java.util.function.Supplier;

/**
 * The analytics services over one store, as the composition root hands them to every front end
 * (CLI, HTTP, MCP, metrics): one object to pass instead of one parameter per report.
 */
public final class Analytics {

  private final CostQueries queries;
  private final PrOutcomes outcomes;
  private final MonthlyBudget budgets;
  private final Clock clock;
  private final Supplier<CostSettings> settings;

  /**
   * @param outcomes what became of the PRs (merged, closed): efficiency joins them
   * @param settings the prices the what-if reads (in {@code serve}: the live, reloaded config)
   */
  public Analytics(CostQueries queries, PrOutcomes outcomes, MonthlyBudget budgets, Clock clock, Supplier<CostSettings> settings) {
    this.queries = queries;
    this.outcomes = outcomes;
    this.budgets = budgets;
    this.clock = clock;
    this.settings = settings;
  }

  /** What "today" is for default ranges and the current month. */
  public Clock clock() {
    return clock;
  }

  public TrendsService trends() {
    return new TrendsService(queries);
  }

  public EfficiencyService efficiency() {
    return new EfficiencyService(queries, outcomes);
  }

  public ForecastService forecast() {
    return new ForecastService(queries, budgets);
  }

  public AnomalyService anomalies() {
    return new AnomalyService(queries);
  }

  public WhatIfService whatIf() {
    return new WhatIfService(queries, settings);
  }
}
