package dev.cto.costs.store.jdbc;

import dev.cto.costs.domain.TokenCounts;
import dev.cto.costs.domain.Usd;
import dev.cto.costs.store.Dimension;
import dev.cto.costs.store.GroupTotals;
import dev.cto.costs.store.UsageFilter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds and runs one GROUP BY. Filters whose time bounds fall on UTC midnights (every standard
 * report) read the daily rollup; other bounds read the records. Both give the same rows, which the
 * contract tests check.
 */
final class AggregateQuery {

  private final UsageFilter filter;
  private final List<Dimension> groupBy;
  private final int limit;
  private final boolean ordered;
  private final boolean rollup;
  private final List<Object> params = new ArrayList<>();

  AggregateQuery(UsageFilter filter, List<Dimension> groupBy, int limit) {
    this(filter, groupBy, limit, true);
  }

  /** @param ordered false: rows in whatever order the database groups them (no sort by cost) */
  AggregateQuery(UsageFilter filter, List<Dimension> groupBy, int limit, boolean ordered) {
    this.filter = filter;
    this.groupBy = List.copyOf(groupBy);
    this.limit = limit;
    this.ordered = ordered;
    // the rollup has no iteration or cli column: those breakdowns (PR-scoped) read the records
    this.rollup =
        (filter.from() == null || Columns.isMidnight(filter.from()))
            && (filter.until() == null || Columns.isMidnight(filter.until()))
            && !groupBy.contains(Dimension.ITERATION)
            && !groupBy.contains(Dimension.CLI);
  }

  boolean usesRollup() {
    return rollup;
  }

  List<GroupTotals> run(Connection c) throws SQLException {
    String sql = sql();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < params.size(); i++) {
        ps.setObject(i + 1, params.get(i));
      }
      List<GroupTotals> rows = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rows.add(map(rs));
        }
      }
      return rows;
    }
  }

  String sql() {
    params.clear();
    List<String> columns = new ArrayList<>();
    for (Dimension d : groupBy) {
      columns.add(column(d));
    }
    String sums =
        rollup
            ? "SUM(records), SUM(CASE WHEN priced = 0 THEN records ELSE 0 END), SUM(input_tokens),"
                + " SUM(output_tokens), SUM(cache_write_5m_tokens), SUM(cache_write_1h_tokens),"
                + " SUM(cache_read_tokens), SUM(cost_nanos), MAX(max_iteration), MIN(first_at), MAX(last_at),"
                + " SUM(cache_savings_nanos), SUM(savings_unknown)"
            : "COUNT(*), SUM(CASE WHEN priced = 0 THEN 1 ELSE 0 END), SUM(input_tokens),"
                + " SUM(output_tokens), SUM(cache_write_5m_tokens), SUM(cache_write_1h_tokens),"
                + " SUM(cache_read_tokens), SUM(cost_nanos), MAX(iteration), MIN(occurred_at), MAX(occurred_at), "
                + Rollups.SAVINGS_SUMS;
    StringBuilder sql = new StringBuilder("SELECT ");
    for (String col : columns) {
      sql.append(col).append(", ");
    }
    sql.append(sums).append(" FROM ").append(rollup ? "usage_daily" : "token_usage");
    sql.append(FilterSql.where(filter, rollup, params));
    if (!columns.isEmpty()) {
      String keys = String.join(", ", columns);
      sql.append(" GROUP BY ").append(keys);
      if (ordered) {
        sql.append(" ORDER BY SUM(cost_nanos) DESC, ").append(keys);
      }
    }
    if (limit > 0) {
      sql.append(" LIMIT ").append(limit);
    }
    return sql.toString();
  }

  private String column(Dimension d) {
    return switch (d) {
      case REPOSITORY -> "repository";
      case PR -> rollup ? "pr_number" : "COALESCE(pr_number, 0)";
      case AGENT -> "agent";
      case STAGE -> "stage";
      case ITERATION -> "iteration"; // records only
      case MODEL -> "model";
      case PROVIDER -> rollup ? "provider" : "COALESCE(provider, '')";
      case CLI -> "COALESCE(cli, '')"; // records only
      case PRICED -> "priced";
      case DAY -> "usage_day";
    };
  }

  private GroupTotals map(ResultSet rs) throws SQLException {
    List<Object> key = new ArrayList<>(groupBy.size());
    int i = 1;
    for (Dimension d : groupBy) {
      key.add(
          switch (d) {
            case PR -> {
              long pr = rs.getLong(i++);
              yield pr == 0 ? null : (Object) pr;
            }
            case ITERATION -> rs.getInt(i++);
            case PRICED -> rs.getInt(i++) == 1;
            case DAY -> LocalDate.ofEpochDay(rs.getLong(i++));
            case PROVIDER, CLI -> {
              String s = rs.getString(i++);
              yield s == null || s.isEmpty() ? null : s;
            }
            default -> rs.getString(i++);
          });
    }
    long records = rs.getLong(i++);
    long unpriced = rs.getLong(i++);
    TokenCounts tokens =
        new TokenCounts(rs.getLong(i++), rs.getLong(i++), rs.getLong(i++), rs.getLong(i++), rs.getLong(i++));
    Usd cost = Usd.ofNanos(rs.getLong(i++));
    int maxIteration = rs.getInt(i++);
    long first = rs.getLong(i++);
    boolean none = rs.wasNull();
    long last = rs.getLong(i++);
    Usd savings = Usd.ofNanos(rs.getLong(i++));
    long savingsUnknown = rs.getLong(i);
    return new GroupTotals(
        key, records, unpriced, tokens, cost, maxIteration,
        none ? null : Columns.fromMicros(first), none ? null : Columns.fromMicros(last), savings, savingsUnknown);
  }
}
