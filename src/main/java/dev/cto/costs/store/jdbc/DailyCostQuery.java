package dev.cto.costs.store.jdbc;

import dev.cto.costs.domain.Usd;
import dev.cto.costs.store.UsageFilter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Spend per UTC day: one sum per day, nothing else. A forecast reads a year of days; the general
 * {@link AggregateQuery} sums eleven columns of every rollup row for that, while this sum alone is
 * answered from the {@code (usage_day, cost_nanos)} index without touching the rows (a year of
 * 10M records: about a tenth of the work; docs/benchmarks.md). Day-aligned filters read the rollup,
 * others the records, like {@link AggregateQuery}.
 */
final class DailyCostQuery {

  private DailyCostQuery() {}

  static SortedMap<LocalDate, Usd> run(Connection c, UsageFilter filter) throws SQLException {
    List<Object> params = new ArrayList<>();
    String sql = sql(filter, params);
    SortedMap<LocalDate, Usd> days = new TreeMap<>();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < params.size(); i++) {
        ps.setObject(i + 1, params.get(i));
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          days.put(LocalDate.ofEpochDay(rs.getLong(1)), Usd.ofNanos(rs.getLong(2)));
        }
      }
    }
    return days;
  }

  /** The statement; its parameters are appended to {@code params}. */
  static String sql(UsageFilter filter, List<Object> params) {
    boolean rollup = (filter.from() == null || Columns.isMidnight(filter.from()))
        && (filter.until() == null || Columns.isMidnight(filter.until()));
    return "SELECT usage_day, SUM(cost_nanos) FROM " + (rollup ? "usage_daily" : "token_usage")
        + FilterSql.where(filter, rollup, params) + " GROUP BY usage_day";
  }
}
