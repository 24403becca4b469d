package dev.cto.costs.store.jdbc;

import dev.cto.costs.domain.TokenCounts;
import dev.cto.costs.domain.Usd;
import dev.cto.costs.store.GroupTotals;
import dev.cto.costs.store.UsageFilter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Day × model × priced sums of the records, split at a whole-input size: the records table, since
 * the rollup has no per-record sizes. The filter's indexes (PR, agent, time) bound the rows read.
 */
final class SizeSplitQuery {

  private static final String WHOLE_INPUT =
      "input_tokens + cache_write_5m_tokens + cache_write_1h_tokens + cache_read_tokens";

  private SizeSplitQuery() {}

  static List<GroupTotals> run(Connection c, UsageFilter filter, Collection<String> models, long above)
      throws SQLException {
    List<String> names = models.stream().distinct().toList();
    if (names.isEmpty()) {
      return List.of();
    }
    List<Object> params = new ArrayList<>();
    params.add(above);
    String where = FilterSql.where(filter, false, params);
    String sql = "SELECT usage_day, model, priced, CASE WHEN " + WHOLE_INPUT + " > ? THEN 1 ELSE 0 END,"
        + " COUNT(*), SUM(CASE WHEN priced = 0 THEN 1 ELSE 0 END), SUM(input_tokens), SUM(output_tokens),"
        + " SUM(cache_write_5m_tokens), SUM(cache_write_1h_tokens), SUM(cache_read_tokens), SUM(cost_nanos),"
        + " MAX(iteration), MIN(occurred_at), MAX(occurred_at), " + Rollups.SAVINGS_SUMS + " FROM token_usage"
        + where + (where.isEmpty() ? " WHERE " : " AND ")
        + "model IN (" + String.join(", ", names.stream().map(n -> "?").toList()) + ")"
        + " GROUP BY 1, 2, 3, 4";
    params.addAll(names);
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

  private static GroupTotals map(ResultSet rs) throws SQLException {
    List<Object> key = List.of(
        LocalDate.ofEpochDay(rs.getLong(1)), rs.getString(2), rs.getInt(3) == 1, rs.getInt(4) == 1);
    TokenCounts tokens = new TokenCounts(rs.getLong(7), rs.getLong(8), rs.getLong(9), rs.getLong(10), rs.getLong(11));
    return new GroupTotals(key, rs.getLong(5), rs.getLong(6), tokens, Usd.ofNanos(rs.getLong(12)), rs.getInt(13),
        Columns.fromMicros(rs.getLong(14)), Columns.fromMicros(rs.getLong(15)), Usd.ofNanos(rs.getLong(16)), rs.getLong(17));
  }
}
