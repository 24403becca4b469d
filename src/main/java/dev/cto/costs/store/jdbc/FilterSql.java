package dev.cto.costs.store.jdbc;

import dev.cto.costs.store.UsageFilter;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link UsageFilter} as a WHERE clause, for the records or for the daily rollup (where time
 * bounds, always UTC midnights there, compare days instead of microseconds).
 */
final class FilterSql {

  private FilterSql() {}

  /** The clause (empty, or starting with " WHERE "); its parameters are appended to {@code params}. */
  static String where(UsageFilter filter, boolean rollup, List<Object> params) {
    List<String> conditions = new ArrayList<>();
    add(conditions, params, "repository = ?", filter.repository());
    add(conditions, params, "pr_number = ?", filter.prNumber());
    add(conditions, params, "agent = ?", filter.agent());
    add(conditions, params, "priced = ?", filter.priced() == null ? null : filter.priced() ? 1 : 0);
    if (filter.from() != null) {
      add(conditions, params, rollup ? "usage_day >= ?" : "occurred_at >= ?",
          rollup ? (Object) Columns.epochDay(filter.from()) : (Object) Columns.micros(filter.from()));
    }
    if (filter.until() != null) {
      add(conditions, params, rollup ? "usage_day < ?" : "occurred_at < ?",
          rollup ? (Object) Columns.epochDay(filter.until()) : (Object) Columns.micros(filter.until()));
    }
    return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
  }

  private static void add(List<String> conditions, List<Object> params, String condition, Object value) {
    if (value != null) {
      conditions.add(condition);
      params.add(value);
    }
  }
}
