package dev.cto.costs.analytics;

import dev.cto.costs.analytics.stats.DailySeries;
import dev.cto.costs.analytics.stats.MonthForecast;
import dev.cto.costs.analytics.stats.WeekdayRunRateForecast;
import dev.cto.costs.domain.Usd;
import dev.cto.costs.store.CostQueries;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.SortedMap;

/**
 * {@code costs forecast}: the month's daily spend and {@value #LOOKBACK_DAYS} days before it, one
 * GROUP BY day over the rollup up to the end of {@code as-of} (so later records are never read),
 * projected by {@link WeekdayRunRateForecast}. Money is kept in nano-dollars: {@code spent_usd} is
 * the exact sum; the projection and interval are rounded to the nano-dollar.
 */
public final class ForecastService {

  /**
   * History read before the month. The interval is the model's own errors on this history; with 56
   * or 182 days there were too few trials and it held the actual total in only 62–74 % and 72–86 %
   * of backtest months; with a year, 76–85 % (ForecastBacktestTest). The read stays one indexed
   * range of the daily rollup.
   */
  public static final int LOOKBACK_DAYS = 365;

  /** What {@code method} says when the month is over: there is nothing left to project. */
  public static final String ACTUAL = "actual total: the month is over";

  private final CostQueries queries;
  private final MonthlyBudget budgets;
  private final WeekdayRunRateForecast model = new WeekdayRunRateForecast();

  public ForecastService(CostQueries queries, MonthlyBudget budgets) {
    this.queries = queries;
    this.budgets = budgets;
  }

  public ForecastReport forecast(ForecastRequest request) {
    YearMonth month = request.month();
    LocalDate asOf = request.asOf();
    DailySeries series = history(request);
    MonthForecast f = model.forecast(series, month, asOf);
    // a monthly budget is over all spend: it does not apply to one repository's or agent's share
    BigDecimal budget = request.budget() != null ? request.budget()
        : request.repository() == null && request.agent() == null ? budgets.usd(month) : null;
    LocalDate crossing = budget == null ? null : crossing(series, month, asOf, Usd.of(budget).nanos(), f);
    boolean over = asOf.equals(month.atEndOfMonth());
    return new ForecastReport(month, asOf, usd(f.spentNanos()), f.daysElapsed(), f.daysInMonth(), usd(f.projectedNanos()),
        usd(f.lowNanos()), usd(f.highNanos()), BigDecimal.valueOf(f.confidence()), over ? ACTUAL : f.method(),
        budget, crossing);
  }

  /**
   * Daily spend from the first day with usage in the lookback (days before it are unknown, not
   * idle: a new installation's empty past must not pull the projection down) to {@code asOf}.
   */
  private DailySeries history(ForecastRequest request) {
    LocalDate from = request.month().atDay(1).minusDays(LOOKBACK_DAYS);
    AnalyticsScope scope = new AnalyticsScope(from, request.asOf(), request.repository(), request.agent());
    // spend per day only: a year of days through the full GROUP BY cost 2x the report's budget at 10M records
    SortedMap<LocalDate, Usd> days = queries.dailyCost(scope.filter());
    LocalDate first = days.isEmpty() ? request.asOf() : days.firstKey();
    long[] nanos = new long[(int) ChronoUnit.DAYS.between(first, request.asOf()) + 1];
    days.forEach((day, cost) -> nanos[(int) ChronoUnit.DAYS.between(first, day)] += cost.nanos());
    return new DailySeries(first, nanos);
  }

  /**
   * The first day the running total exceeds the budget: among the days spent so far, else along
   * the projection (the same daily path the projected total sums). Null when it does not.
   */
  private LocalDate crossing(DailySeries series, YearMonth month, LocalDate asOf, long budget, MonthForecast f) {
    long total = 0;
    for (LocalDate d = month.atDay(1); !d.isAfter(asOf); d = d.plusDays(1)) {
      total += series.on(d);
      if (total > budget) {
        return d;
      }
    }
    if (f.projectedNanos() <= budget) {
      return null;
    }
    int remaining = (int) ChronoUnit.DAYS.between(asOf, month.atEndOfMonth());
    double running = total;
    double[] path = model.dailyProjection(series, asOf, remaining);
    for (int i = 0; i < path.length; i++) {
      running += path[i];
      if (Math.round(running) > budget) {
        return asOf.plusDays(i + 1L);
      }
    }
    return month.atEndOfMonth(); // the projected total rounds over it on the last day
  }

  private static BigDecimal usd(long nanos) {
    return TrendsService.usd(nanos);
  }
}
