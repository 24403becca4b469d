package dev.cto.costs.analytics;

import dev.cto.costs.analytics.TrendsReport.Point;
import dev.cto.costs.analytics.TrendsReport.Series;
import dev.cto.costs.domain.Usd;
import dev.cto.costs.store.CostQueries;
import dev.cto.costs.store.Dimension;
import dev.cto.costs.store.GroupTotals;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code costs trends}: one GROUP BY over the daily rollup (day and the key), bucketed into periods
 * here. The rollup answers it because the scope is whole UTC days; its rows are at most days × keys,
 * whatever the number of records.
 */
public final class TrendsService {

  private final CostQueries queries;

  public TrendsService(CostQueries queries) {
    this.queries = queries;
  }

  public TrendsReport trends(AnalyticsScope scope, TrendDimension by, TrendPeriod period) {
    List<LocalDate> starts = new ArrayList<>();
    Map<LocalDate, Integer> index = new HashMap<>();
    for (LocalDate s = period.startOf(scope.from()); !s.isAfter(scope.to()); s = period.next(s)) {
      index.put(s, starts.size());
      starts.add(s);
    }
    List<Dimension> groupBy = by.dimension() == null ? List.of(Dimension.DAY) : List.of(Dimension.DAY, by.dimension());
    Map<String, Sums[]> byKey = new LinkedHashMap<>();
    if (by == TrendDimension.TOTAL) {
      byKey.put("total", new Sums[starts.size()]); // the total is there even when nothing was spent
    }
    for (GroupTotals row : queries.aggregate(scope.filter(), groupBy, 0)) {
      String key = by == TrendDimension.TOTAL ? "total" : keyOf(row.key().get(1));
      Sums[] sums = byKey.computeIfAbsent(key, k -> new Sums[starts.size()]);
      int i = index.get(period.startOf((LocalDate) row.key().get(0)));
      if (sums[i] == null) {
        sums[i] = new Sums();
      }
      sums[i].add(row);
    }
    List<Series> series = new ArrayList<>(byKey.size());
    byKey.forEach((key, sums) -> series.add(series(key, starts, sums)));
    series.sort(Comparator.comparing(Series::totalCostUsd).reversed().thenComparing(Series::key));
    return new TrendsReport(by.label(), period.label(), scope.from(), scope.to(), series);
  }

  private static Series series(String key, List<LocalDate> starts, Sums[] sums) {
    List<Point> points = new ArrayList<>(starts.size());
    long total = 0;
    for (int i = 0; i < starts.size(); i++) {
      Sums s = sums[i] == null ? new Sums() : sums[i];
      total = Math.addExact(total, s.costNanos);
      points.add(new Point(starts.get(i), usd(s.costNanos), s.records, s.input, s.output));
    }
    return new Series(key, usd(total), points);
  }

  /** Repository {@code ""} is work without one; the key stays as stored, so it can be asked for again. */
  private static String keyOf(Object value) {
    return value == null ? "" : value.toString();
  }

  static BigDecimal usd(long nanos) {
    return new BigDecimal(Usd.ofNanos(nanos).toPlainString());
  }

  private static final class Sums {
    long costNanos;
    long records;
    long input;
    long output;

    void add(GroupTotals row) {
      costNanos = Math.addExact(costNanos, row.cost().nanos());
      records += row.records();
      input += row.tokens().input();
      output += row.tokens().output();
    }
  }
}
