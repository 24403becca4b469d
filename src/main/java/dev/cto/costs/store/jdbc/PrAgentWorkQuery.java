package dev.cto.costs.store.jdbc;

import dev.cto.costs.domain.Usd;
import dev.cto.costs.store.PrAgentWork;
import dev.cto.costs.store.UsageFilter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Cost, highest iteration and first day per (repository, PR, agent): the anomaly report's input. It
 * reads the rollup's cost over four months at every call; {@link AggregateQuery} would sum thirteen
 * columns of each row, reading the row. These three come from the covering index {@code
 * idx_daily_pr_work} (migration V10) alone: on SQLite at 10M records that is less than half the
 * work (docs/benchmarks.md). The first day is {@code MIN(usage_day)}: the day of the first record,
 * without reading {@code first_at} from the row. Day-aligned filters read the rollup, others the
 * records, like {@link AggregateQuery}.
 */
final class PrAgentWorkQuery {

  private PrAgentWorkQuery() {}

  static List<PrAgentWork> run(Connection c, UsageFilter filter) throws SQLException {
    List<Object> params = new ArrayList<>();
    String sql = sql(filter, params);
    List<PrAgentWork> works = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < params.size(); i++) {
        ps.setObject(i + 1, params.get(i));
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          works.add(new PrAgentWork(rs.getString(1), rs.getLong(2), rs.getString(3), LocalDate.ofEpochDay(rs.getLong(4)),
              Usd.ofNanos(rs.getLong(5)), rs.getInt(6)));
        }
      }
    }
    return works;
  }

  /** The statement; its parameters are appended to {@code params}. */
  static String sql(UsageFilter filter, List<Object> params) {
    boolean rollup = (filter.from() == null || Columns.isMidnight(filter.from()))
        && (filter.until() == null || Columns.isMidnight(filter.until()));
    String where = FilterSql.where(filter, rollup, params);
    // the rollup writes "no PR" as 0 (a key column cannot be NULL), the records as NULL
    String hasPr = rollup ? "pr_number <> 0" : "pr_number IS NOT NULL";
    // the PR number first: SQLite's sorter compares a leading integer without decoding the rest
    return "SELECT repository, pr_number, agent, MIN(usage_day), SUM(cost_nanos), "
        + (rollup ? "MAX(max_iteration)" : "MAX(iteration)") + " FROM " + (rollup ? "usage_daily" : "token_usage")
        + (where.isEmpty() ? " WHERE " : where + " AND ") + hasPr
        + " GROUP BY pr_number, repository, agent";
  }
}
